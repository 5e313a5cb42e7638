namespace EntityPlatform.Consensus.Messages;

/// <summary>Volatile state that the application may want to observe (routing, metrics); never persisted.</summary>
public readonly record struct SoftState(ulong Leader, StateRole Role)
{
    public override string ToString() => $"Lead:{Leader} State:{Role}";
}
