using System.Globalization;
using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Load;

/// <summary>
/// The share of reads made under each consistency (weights, normalized over the modes the system offers).
/// <c>--reads linearizable=1,lease=1,bounded=1</c> parses into equal thirds.
/// </summary>
public sealed record ReadMix(double Linearizable, double Lease, double BoundedStaleness)
{
    public static readonly ReadMix LinearizableOnly = new(1, 0, 0);

    /// <summary>Draws a consistency among <paramref name="offered"/>; linearizable when the mix names none of them.</summary>
    public ReadConsistency Pick(Random random, IReadOnlyList<ReadConsistency> offered)
    {
        var weights = offered.Select(mode => (mode, weight: WeightOf(mode))).Where(x => x.weight > 0).ToList();
        if (weights.Count <= 1)
        {
            return weights.Count == 1 ? weights[0].mode : ReadConsistency.Linearizable;
        }

        var draw = random.NextDouble() * weights.Sum(x => x.weight);
        foreach (var (mode, weight) in weights)
        {
            draw -= weight;
            if (draw < 0)
            {
                return mode;
            }
        }

        return weights[^1].mode;
    }

    public double WeightOf(ReadConsistency mode) => mode switch
    {
        ReadConsistency.Lease => Lease,
        ReadConsistency.BoundedStaleness => BoundedStaleness,
        _ => Linearizable,
    };

    public static ReadMix Parse(string text)
    {
        var (linearizable, lease, bounded) = (0.0, 0.0, 0.0);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var weight = pair.Length == 1 ? 1.0
                : double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed
                : throw new ArgumentException($"--reads: weight '{pair[1]}' of '{pair[0]}' is not a number >= 0");
            switch (pair[0])
            {
                case "linearizable":
                    linearizable = weight;
                    break;
                case "lease":
                    lease = weight;
                    break;
                case "bounded":
                    bounded = weight;
                    break;
                default:
                    throw new ArgumentException($"--reads: unknown read mode '{pair[0]}'; expected linearizable, lease or bounded (e.g. lease=1,bounded=1)");
            }
        }

        return linearizable + lease + bounded > 0 ? new ReadMix(linearizable, lease, bounded)
            : throw new ArgumentException("--reads: every weight is 0; give at least one mode a positive weight");
    }

    public override string ToString() => string.Join(", ", new[] { ("linearizable", Linearizable), ("lease", Lease), ("bounded", BoundedStaleness) }
        .Where(x => x.Item2 > 0).Select(x => $"{x.Item1}={x.Item2.ToString(CultureInfo.InvariantCulture)}"));
}
