using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EntityPlatform.Projections.Tests.Fakes;

/// <summary>Sums one Meter's long measurements by instrument name.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new();

    public MetricRecorder(Meter meter)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();
    }

    public long Total(string name) => totals.GetValueOrDefault(name);

    public void Dispose() => listener.Dispose();
}
