using System.Collections.ObjectModel;

namespace EntityPlatform.Consensus.Quorum;

/// <summary>
/// Helpers for the sorted, duplicate-free id arrays that every membership set is stored as. Sorted arrays
/// (not hash sets) keep iteration in ascending id order, which the deterministic core relies on.
/// </summary>
internal static class SortedIds
{
    public static readonly ReadOnlyCollection<ulong> None = new([]);

    /// <summary>A fresh ascending array without duplicates.</summary>
    public static ulong[] From(IEnumerable<ulong> ids)
    {
        var copy = ids.ToArray();
        if (copy.Length < 2)
        {
            return copy;
        }

        Array.Sort(copy);
        var unique = 1;
        for (var i = 1; i < copy.Length; i++)
        {
            if (copy[i] != copy[unique - 1])
            {
                copy[unique++] = copy[i];
            }
        }

        return unique == copy.Length ? copy : copy[..unique];
    }

    /// <summary>
    /// A read-only wrapper, so a caller holding the list cannot cast it back to an array and change a
    /// configuration that other code assumes is immutable.
    /// </summary>
    public static ReadOnlyCollection<ulong> ReadOnly(IEnumerable<ulong> ids) =>
        ids is ReadOnlyCollection<ulong> already && IsSortedUnique(already) ? already : Wrap(From(ids));

    public static ReadOnlyCollection<ulong> Wrap(ulong[] sortedUnique) =>
        sortedUnique.Length == 0 ? None : new ReadOnlyCollection<ulong>(sortedUnique);

    public static bool Contains(IReadOnlyList<ulong> sortedIds, ulong id)
    {
        var low = 0;
        var high = sortedIds.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var value = sortedIds[middle];
            if (value == id)
            {
                return true;
            }

            if (value < id)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    /// <summary>The ascending union of two ascending, duplicate-free arrays.</summary>
    public static ulong[] Union(ulong[] left, ulong[] right)
    {
        if (right.Length == 0)
        {
            return left;
        }

        if (left.Length == 0)
        {
            return right;
        }

        var merged = new ulong[left.Length + right.Length];
        int l = 0, r = 0, count = 0;
        while (l < left.Length || r < right.Length)
        {
            if (r == right.Length || (l < left.Length && left[l] < right[r]))
            {
                merged[count++] = left[l++];
            }
            else if (l == left.Length || right[r] < left[l])
            {
                merged[count++] = right[r++];
            }
            else
            {
                merged[count++] = left[l++];
                r++;
            }
        }

        return merged[..count];
    }

    private static bool IsSortedUnique(IReadOnlyList<ulong> ids)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            if (ids[i - 1] >= ids[i])
            {
                return false;
            }
        }

        return true;
    }
}
