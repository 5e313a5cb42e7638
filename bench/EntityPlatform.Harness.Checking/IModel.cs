namespace EntityPlatform.Harness.Checking;

/// <summary>
/// A sequential specification over a single key. The state is one <see cref="long"/> so that the checker can
/// memoize (linearized set, state) pairs cheaply; both models we need (register, counter) fit.
/// </summary>
public interface IModel
{
    string Name { get; }

    long Initial { get; }

    /// <summary>Applies <paramref name="op"/> to <paramref name="state"/>; false when the op's result is impossible there.</summary>
    bool Step(long state, Operation op, out long next);
}
