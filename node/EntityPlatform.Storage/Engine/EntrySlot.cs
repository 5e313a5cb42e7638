using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// One retained entry as a group keeps it: no object references (its data lies in the group's
/// <see cref="EntryDataArena"/>), so millions of them cost the garbage collector nothing to trace.
/// The index is implied by the position.
/// </summary>
internal readonly record struct EntrySlot(ulong Term, long BlockId, int Offset, int Length, EntryType Type);
