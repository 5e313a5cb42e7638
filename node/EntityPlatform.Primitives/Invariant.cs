using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EntityPlatform;

/// <summary>
/// Assertions for conditions that only a bug can break. Unlike <c>Debug.Assert</c> they stay active in
/// Release builds: a replicated system that keeps running on a broken invariant corrupts data quietly,
/// and stopping loudly is the safer failure. Errors a user or a peer can cause are not invariants: those
/// get a validation error that names the input instead.
/// </summary>
public static class Invariant
{
    /// <summary>
    /// Throws <see cref="InvariantViolationException"/> when <paramref name="condition"/> is false. The
    /// optional <paramref name="detail"/> explains the failing state; on hot paths leave it out, since an
    /// interpolated detail is built even when the condition holds.
    /// </summary>
    public static void Assert(
        [DoesNotReturnIf(false)] bool condition,
        string? detail = null,
        [CallerArgumentExpression(nameof(condition))] string expression = "")
    {
        if (!condition)
        {
            Fail(detail is null ? expression : $"{expression} ({detail})");
        }
    }

    /// <summary>Marks a branch that must be unreachable.</summary>
    [DoesNotReturn]
    public static void Unreachable(string why) => Fail("unreachable: " + why);

    // Kept out of line so the hot Assert path stays small enough to inline.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fail(string message) => throw new InvariantViolationException(message);
}
