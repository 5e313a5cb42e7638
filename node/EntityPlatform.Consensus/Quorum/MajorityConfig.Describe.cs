using System.Text;

namespace EntityPlatform.Consensus.Quorum;

public sealed partial class MajorityConfig
{
    /// <summary>
    /// A multi-line picture of what each voter acknowledged, for debugging commit stalls. Each line is a
    /// bar whose length is the number of voters with a strictly lower index (so equal indexes get equal
    /// bars), then the index and the id; a voter with no acknowledgement prints <c>?</c>.
    /// <code>
    ///        idx
    /// x>     100    (id=1)
    /// xx>    101    (id=2)
    /// >       99    (id=3)
    /// ?        0    (id=4)
    /// </code>
    /// </summary>
    public string Describe(IAckedIndexer acked)
    {
        var voterCount = ids.Length;
        if (voterCount == 0)
        {
            return "<empty majority quorum>";
        }

        var indexes = new ulong[voterCount];
        var known = new bool[voterCount];
        for (var i = 0; i < voterCount; i++)
        {
            known[i] = acked.TryGetAckedIndex(ids[i], out indexes[i]);
            if (!known[i])
            {
                indexes[i] = 0;
            }
        }

        var text = new StringBuilder();
        text.Append(' ', voterCount).Append("    idx\n");
        for (var i = 0; i < voterCount; i++)
        {
            if (known[i])
            {
                var bar = CountBelow(indexes, indexes[i]);
                text.Append('x', bar).Append('>').Append(' ', voterCount - bar);
            }
            else
            {
                text.Append('?').Append(' ', voterCount);
            }

            text.Append(' ').Append(indexes[i].ToString().PadLeft(5)).Append("    (id=").Append(ids[i]).Append(")\n");
        }

        return text.ToString();
    }

    private static int CountBelow(ulong[] indexes, ulong index)
    {
        var below = 0;
        foreach (var other in indexes)
        {
            if (other < index)
            {
                below++;
            }
        }

        return below;
    }
}
