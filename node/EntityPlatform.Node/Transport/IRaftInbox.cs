using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Where the transport delivers inbound Raft messages: the scheduler's bounded input queue. False means
/// the scheduler is overloaded and the batch was dropped; Raft tolerates lost messages. A batch may be
/// empty: the sender's liveness probe (IPeerTransport.Probe), which still proves the sender alive.
/// Called from many transport threads at once (one per inbound stream); every message has passed
/// <see cref="RaftMessageMapper"/>'s validation, so its shape may be trusted.
/// </summary>
public interface IRaftInbox
{
    bool TryPost(ulong fromNode, IReadOnlyList<Message> messages);
}
