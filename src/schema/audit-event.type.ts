import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./date-time.scalar.js";

@ObjectType("AuditEvent", { description: "One read of personal data (or its refusal): who, when, how, why, and which fields and media; never the values." })
export class AuditEventType {
  @Field(() => ID, { description: "Position in the chain." }) seq!: string;
  @Field(() => DateTimeScalar, { description: "Server time of the read." }) at!: string;
  @Field(() => String, { nullable: true, description: "API key name or JWT subject; null when the caller was not authenticated." }) caller!: string | null;
  @Field(() => String, { nullable: true, description: "The JWT issuer, for token callers." }) issuer!: string | null;
  @Field(() => String, { description: "http, websocket, media, entities or export." }) transport!: string;
  @Field(() => String, { nullable: true }) operationName!: string | null;
  @Field(() => String) requestId!: string;
  @Field(() => String, { nullable: true }) traceId!: string | null;
  @Field(() => ID, { nullable: true }) sessionId!: string | null;
  @Field(() => [String], { description: "Personal-data schema coordinates the answer carried, sorted." }) coordinates!: string[];
  @Field(() => [String], { description: "Personal-data coordinates refused, sorted." }) refused!: string[];
  @Field(() => [String], { description: "Media whose links were issued or whose bytes were served." }) mediaIds!: string[];
  @Field(() => Boolean, { description: "Whether the caller saw masked values (pii:masked)." }) masked!: boolean;
  @Field(() => String, { nullable: true, description: "What the caller stated (X-Access-Purpose or the JWT purpose claim)." }) purpose!: string | null;
  @Field(() => String, { description: "ANSWERED, or the code the read was refused with." }) outcome!: string;
  @Field(() => String, { description: "The previous event's hash (or the retention checkpoint's)." }) prevHash!: string;
  @Field(() => String, { description: "SHA-256 of prevHash and this event's canonical form." }) hash!: string;
}

@ObjectType("AuditEventEdge")
export class AuditEventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AuditEventType) node!: AuditEventType;
}

@ObjectType("AuditPageInfo")
export class AuditPageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType("AuditEventConnection", { description: "Audit events, newest first." })
export class AuditEventConnection {
  @Field(() => [AuditEventEdge]) edges!: AuditEventEdge[];
  @Field(() => AuditPageInfo) pageInfo!: AuditPageInfo;
  @Field(() => Int, { description: "Events on this page." }) count!: number;
}
