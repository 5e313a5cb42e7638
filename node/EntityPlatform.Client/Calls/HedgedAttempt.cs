using EntityPlatform.Client.Routing;

namespace EntityPlatform.Client.Calls;

/// <summary>One attempt of a hedged group: its task, its node, when it was sent, and whether it is a hedge (holds a budget token).</summary>
internal sealed record HedgedAttempt<TReply>(Task<TReply> Task, NodeTarget Target, long StartTimestamp, bool Hedge);
