namespace EntityPlatform.Harness.Checking;

/// <summary>What an operation did: a register write, a counter increment, or a read of either.</summary>
public enum OpKind
{
    Write,
    Increment,
    Read,
}
