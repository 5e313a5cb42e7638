using EntityPlatform.Client.Routing;

namespace EntityPlatform.Client.Calls;

/// <summary>
/// One attempt of a hedged group: its task, its node, when it was sent, whether it is a hedge (holds a budget
/// token), and whether it is a re-route to a leader learned while the group was waiting.
/// </summary>
internal sealed record HedgedAttempt<TReply>(Task<TReply> Task, NodeTarget Target, long StartTimestamp, bool Hedge, bool Reroute = false);
