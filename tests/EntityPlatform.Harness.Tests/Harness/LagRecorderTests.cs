using EntityPlatform.Harness.Events;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>The subscription-lag arithmetic on hand-made times: percentiles, warm-up, early arrivals, losses and repeats.</summary>
public sealed class LagRecorderTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Lag_is_arrival_minus_acknowledgement_with_nearest_rank_percentiles()
    {
        var recorder = new LagRecorder();
        for (var i = 1; i <= 100; i++)
        {
            recorder.Acknowledged(i, Ms(1_000 + i));
            recorder.Arrived(i, Ms(1_000 + i + i)); // write i lags i ms
        }

        var summary = recorder.Summarize("s", 100, TimeSpan.Zero);

        Assert.Equal(100, summary.Acknowledged);
        Assert.Equal(100, summary.Delivered);
        Assert.Equal(0, summary.Missing);
        Assert.Equal(51, summary.P50Ms, 3);
        Assert.Equal(100, summary.P99Ms, 3);
        Assert.Equal(100, summary.MaxMs, 3);
        // 100 arrivals from 1002 ms to 1200 ms: 99 intervals over 0.198 s.
        Assert.Equal(99 / 0.198, summary.EventsPerSecond, 3);
    }

    [Fact]
    public void Warmup_writes_are_left_out_and_an_event_before_its_ack_counts_as_zero_lag()
    {
        var recorder = new LagRecorder();
        recorder.Acknowledged(1, Ms(10));
        recorder.Arrived(1, Ms(900)); // warm-up: huge lag, not measured
        recorder.Arrived(2, Ms(1_000));
        recorder.Acknowledged(2, Ms(1_004)); // the event beat the acknowledgement
        recorder.Acknowledged(3, Ms(1_010));
        recorder.Arrived(3, Ms(1_013));
        recorder.Acknowledged(4, Ms(1_020));
        recorder.Arrived(4, Ms(1_020)); // at the same instant: lag 0, not early

        var summary = recorder.Summarize("s", 1, Ms(500));

        Assert.Equal(3, summary.Acknowledged);
        Assert.Equal(1, summary.ArrivedBeforeAck);
        Assert.Equal(0, summary.P50Ms, 3);
        Assert.Equal(3, summary.MaxMs, 3);
    }

    [Fact]
    public void An_acknowledged_write_without_its_event_is_missing_and_a_repeat_is_a_duplicate()
    {
        var recorder = new LagRecorder();
        recorder.Acknowledged(1, Ms(1));
        recorder.Acknowledged(2, Ms(2));
        recorder.Arrived(1, Ms(5));
        recorder.Arrived(1, Ms(6));
        Assert.False(recorder.AllDelivered(TimeSpan.Zero));

        var summary = recorder.Summarize("s", 1, TimeSpan.Zero);

        Assert.Equal(1, summary.Missing);
        Assert.Equal(1, summary.Delivered);
        Assert.Equal(1, summary.Duplicates);
        Assert.Equal(4, summary.P99Ms, 3);
        recorder.Arrived(2, Ms(7));
        Assert.True(recorder.AllDelivered(TimeSpan.Zero));
    }

    [Fact]
    public void Options_name_the_bad_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new SubscribeLagOptions(0, TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromSeconds(1)).Validate());
        Assert.Contains("--rate", error.Message);
        error = Assert.Throws<ArgumentException>(() => new SubscribeLagOptions(1e6, TimeSpan.FromSeconds(10), TimeSpan.Zero, TimeSpan.FromSeconds(1)).Validate());
        Assert.Contains("at most", error.Message);
    }
}
