using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Reports;

namespace EntityPlatform.Harness.Tests.Harness;

public sealed class DowntimeTests
{
    [Fact]
    public void Downtime_runs_from_the_fault_to_the_first_acknowledged_affected_write_invoked_after_it()
    {
        var history = new List<Operation>
        {
            new(1, "a", OpKind.Write, 1, 50, 2_000, OpOutcome.Ok),            // invoked before the fault: ignored
            new(2, "b", OpKind.Write, 1, 150, 200, OpOutcome.Ok),             // unaffected key
            new(3, "a", OpKind.Write, 1, 200, 0, OpOutcome.Indeterminate),
            new(4, "a", OpKind.Read, 1, 300, 400, OpOutcome.Ok),              // reads are not writes
            new(5, "a", OpKind.Write, 1, 900, 1_100, OpOutcome.Ok),
        };

        Assert.Equal(1_000, Downtime.MeasureMicros(history, 100, key => key == "a"));
        Assert.Null(Downtime.MeasureMicros(history, 100, key => key == "c"));
    }
}
