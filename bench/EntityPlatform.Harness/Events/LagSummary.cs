namespace EntityPlatform.Harness.Events;

/// <summary>
/// One system's subscription lag: from a write's acknowledgement to its event's arrival at the subscriber.
/// <paramref name="Missing"/> counts acknowledged writes whose event never arrived within the drain time;
/// <paramref name="EventsPerSecond"/> is the delivery rate over the measured events' arrival span.
/// </summary>
public sealed record LagSummary(string System, double Rate, long Acknowledged, long Delivered, long Missing, long ArrivedBeforeAck,
    long Duplicates, double P50Ms, double P99Ms, double MaxMs, double EventsPerSecond);
