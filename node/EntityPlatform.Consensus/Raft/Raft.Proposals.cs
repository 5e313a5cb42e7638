using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    public ProposeResult Propose(ReadOnlyMemory<byte> data)
    {
        WakeInternal();
        if (Role == StateRole.Leader)
        {
            if (leadTransferee != None)
            {
                return ProposeResult.Refused(ProposeStatus.TransferInProgress, Id);
            }

            Span<Entry> entry = [new Entry(0, 0, EntryType.Normal, data)];
            return AppendEntries(entry)
                ? ProposeResult.Appended(entry[0].Index, entry[0].Term)
                : ProposeResult.Refused(ProposeStatus.Overloaded, Id);
        }

        if (Leader == None || config.DisableProposalForwarding)
        {
            return ProposeResult.Refused(ProposeStatus.NoLeader, Leader);
        }

        Send(new Message { Type = MessageType.Prop, To = Leader, Entries = [new Entry(0, 0, EntryType.Normal, data)] });
        return ProposeResult.Refused(ProposeStatus.Forwarded, Leader);
    }

    /// <summary>The application applied up to <paramref name="applied"/>.</summary>
    public void OnApplied(ulong applied)
    {
        Log.AppliedTo(applied);
        MaybeAutoLeaveJoint();
    }
}
