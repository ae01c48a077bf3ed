import { Field, ID, Int, ObjectType } from "type-graphql";

// Built by the gateway (session-progress.ts), not read off Yoti's JSON: plain fields, no WireField.

@ObjectType("StateCount", { description: "How many of the session's checks of the requested types are in one state." })
export class StateCount {
  @Field(() => String) state!: string;
  @Field(() => Int) count!: number;
}

@ObjectType("RequestedCheckProgress", { description: "One requested check type against the checks of that type present in the session." })
export class RequestedCheckProgress {
  @Field(() => String, { description: "The requested check type, as the configuration names it." }) type!: string;
  @Field(() => [String], { description: "States of the session's checks of this type (spaces upstream become underscores); empty when none is present yet." })
  states!: string[];
  @Field(() => Boolean, { description: "At least one check of this type is present." }) present!: boolean;
  @Field(() => Boolean, { description: "At least one check of this type is present and every one is DONE." }) done!: boolean;
}

@ObjectType("RequiredResourceProgress", { description: "One required resource against the resources the user supplied." })
export class RequiredResourceProgress {
  @Field(() => ID, { nullable: true, description: "The required resource's id in the configuration." }) id!: string | null;
  @Field(() => String, { nullable: true, description: "ID_DOCUMENT, SUPPLEMENTARY_DOCUMENT, LIVENESS, FACE_CAPTURE (open set)" }) type!: string | null;
  @Field(() => String, { nullable: true, description: "A supplementary document's objective, e.g. PROOF_OF_ADDRESS." }) objective!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Whether a supplied resource answers it (the n-th requirement of a type by the n-th resource of that kind, liveness by type); null for a type the gateway cannot match.",
  })
  captured!: boolean | null;
  @Field(() => ID, { nullable: true, description: "The id of the supplied resource matched to it." }) resourceId!: string | null;
}

@ObjectType("SessionProgress", {
  description:
    "Derived by the gateway, not sent by Yoti: the session's configuration (requested checks, required resources) set against the session (checks present by state, resources captured). For pages such as \"2 of 3 requested checks done, proof of address still missing\".",
})
export class SessionProgress {
  @Field(() => Int, { description: "Distinct check types the configuration requests." }) requestedChecks!: number;
  @Field(() => Int, { description: "Requested check types whose checks are all DONE." }) requestedChecksDone!: number;
  @Field(() => [RequestedCheckProgress]) checks!: RequestedCheckProgress[];
  @Field(() => [StateCount], { description: "The session's checks of the requested types, counted by state." }) checksByState!: StateCount[];
  @Field(() => Int) requiredResources!: number;
  @Field(() => Int, { description: "Required resources a supplied resource answers (see `captured`)." }) requiredResourcesCaptured!: number;
  @Field(() => [RequiredResourceProgress]) resources!: RequiredResourceProgress[];
}
