using EntityPlatform.Operator.Host;

namespace EntityPlatform.Operator.Tests.Host;

public sealed class OperatorArgumentsTests
{
    [Fact]
    public void The_charts_deployment_args_parse()
    {
        // As charts/entity-platform/templates/deployment.yaml renders them with the default values.
        var parsed = OperatorArguments.Parse([
            "--watch-namespace=", "--leader-elect=true", "--leader-election-namespace=entityplatform-system",
            "--leader-election-id=entityplatform", "--lease-duration=15s", "--renew-deadline=10s", "--retry-period=2s",
            "--health-port=8081", "--metrics-port=8080", "--log-level=info",
        ]);
        Assert.Null(parsed.WatchNamespace);
        var election = parsed.Election("operator-0");
        election.Validate();
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (election.LeaseDuration, election.RenewDeadline, election.RetryPeriod));
        Assert.Equal(("entityplatform-system", "entityplatform", "operator-0"), (election.Namespace, election.Name, election.Identity));
        Assert.Equal((8081, 8080), (parsed.HealthPort, parsed.MetricsPort));
    }

    [Theory]
    [InlineData("--lease-duration=15", "--lease-duration=15")]
    [InlineData("--health-port=0", "--health-port=0")]
    [InlineData("--log-level=loud", "--log-level=loud")]
    [InlineData("--nope=1", "--nope")]
    [InlineData("leader-elect", "leader-elect")]
    public void Bad_flags_are_refused_naming_the_flag(string arg, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => OperatorArguments.Parse([arg]));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Election_timings_must_be_ordered()
    {
        var parsed = OperatorArguments.Parse(["--renew-deadline=20s"]);
        var error = Assert.Throws<ArgumentException>(() => parsed.Election("x").Validate());
        Assert.Contains("renew-deadline", error.Message);
    }
}
