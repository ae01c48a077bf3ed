import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./date-time.scalar.js";

@ObjectType("SessionUpdate", {
  description:
    "One event of `sessionUpdated`: why it came (the notification's topic and subject), when, and the session as read right after. `session` is resolved with the subscriber's own selection, scopes and grants.",
})
export class SessionUpdate {
  @Field(() => String, {
    description:
      "`snapshot` for the first event (the state when the subscription started); otherwise Yoti's topic in lower case: resource_update, task_completion, check_completion, session_completion, client_session_token_deleted, or another Yoti adds. Without webhooks (polling), the same topics name what changed, and `session_update` anything else.",
  })
  topic!: string;

  @Field(() => DateTimeScalar, { description: "When the gateway received the notification (for a snapshot or a poll: when it read the session)." })
  receivedAt!: string;

  @Field(() => ID, { nullable: true, description: "The resource a resource_update is about." })
  resourceId?: string;

  @Field(() => ID, { nullable: true, description: "The task a task_completion is about." })
  taskId?: string;

  @Field(() => ID, { nullable: true, description: "The check a check_completion is about." })
  checkId?: string;
}
