namespace EntityPlatform.Simulation.Checking;

/// <summary>What a read must at least observe, fixed when the read begins.</summary>
public readonly record struct ReadTicket(ulong Context, int Key, ulong WatermarkIndex, ulong KeyWatermarkIndex);
