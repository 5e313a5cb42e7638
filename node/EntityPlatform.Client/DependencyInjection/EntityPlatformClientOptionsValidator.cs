using Microsoft.Extensions.Options;

namespace EntityPlatform.Client.DependencyInjection;

/// <summary>Checks every option and names each bad one with what was expected. Used at host start and by the client's constructor.</summary>
public sealed class EntityPlatformClientOptionsValidator : IValidateOptions<EntityPlatformClientOptions>
{
    public ValidateOptionsResult Validate(string? name, EntityPlatformClientOptions options)
    {
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IReadOnlyList<string> Check(EntityPlatformClientOptions options)
    {
        var errors = new List<string>();
        CheckSeeds(options, errors);
        if (options.Tls is null && options.Seeds().Any(seed => seed?.Scheme == "https"))
        {
            errors.Add("Tls is not set but an endpoint is https://; set Tls to the cluster's CA bundle, e.g. ClientTls.FromDirectory(\".entityplatform/local/tls/client\")");
        }

        if (options.TokenRefreshBefore < TimeSpan.FromSeconds(1))
        {
            errors.Add($"TokenRefreshBefore is {options.TokenRefreshBefore}; expected at least 1 second");
        }

        Positive(errors, nameof(options.DefaultTimeout), options.DefaultTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Positive(errors, nameof(options.AttemptTimeout), options.AttemptTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Positive(errors, nameof(options.BackoffBase), options.BackoffBase, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Positive(errors, nameof(options.BackoffMax), options.BackoffMax, options.BackoffBase, TimeSpan.FromMinutes(5));
        Positive(errors, nameof(options.TopologyRefreshMinInterval), options.TopologyRefreshMinInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
        Positive(errors, nameof(options.TopologyTimeout), options.TopologyTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        if (options.TopologyRefreshInterval != TimeSpan.Zero)
        {
            Positive(errors, nameof(options.TopologyRefreshInterval), options.TopologyRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        }

        Range(errors, nameof(options.MaxAttempts), options.MaxAttempts, 1, 100);
        Range(errors, nameof(options.BreakerMinimumThroughput), options.BreakerMinimumThroughput, 2, 10_000);
        Range(errors, nameof(options.MaxConcurrentCommands), options.MaxConcurrentCommands, 1, 65_536);
        Range(errors, nameof(options.MaxHedgesPerAttempt), options.MaxHedgesPerAttempt, 0, 10);
        Range(errors, nameof(options.MaxHedgesInFlight), options.MaxHedgesInFlight, 1, 65_536);
        Range(errors, nameof(options.TopologyWatchNodes), options.TopologyWatchNodes, 0, 16);
        if (!(options.HedgeLatencyMultiplier >= 1 && options.HedgeLatencyMultiplier <= 100))
        {
            errors.Add($"{nameof(options.HedgeLatencyMultiplier)} is {options.HedgeLatencyMultiplier}; expected a factor from 1 to 100");
        }

        Positive(errors, nameof(options.HedgeDelayMin), options.HedgeDelayMin, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Positive(errors, nameof(options.HedgeDelayMax), options.HedgeDelayMax, options.HedgeDelayMin, TimeSpan.FromMinutes(1));
        if (!(options.BreakerFailureRatio > 0 && options.BreakerFailureRatio <= 1))
        {
            errors.Add($"{nameof(options.BreakerFailureRatio)} is {options.BreakerFailureRatio}; expected a ratio greater than 0 and at most 1");
        }

        Positive(errors, nameof(options.BreakerSamplingDuration), options.BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        Positive(errors, nameof(options.BreakerBreakDuration), options.BreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        if (options.Serializer is null)
        {
            errors.Add($"{nameof(options.Serializer)} is null; expected an IEntitySerializer matching the entity types' (JsonEntitySerializer by default)");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            errors.Add($"{nameof(options.UserAgent)} is empty; expected a product token such as my-service/1.0");
        }

        return errors;
    }

    private static void CheckSeeds(EntityPlatformClientOptions options, List<string> errors)
    {
        if ((options.Endpoints is null || options.Endpoints.Count == 0) && options.ServiceAddress is null)
        {
            errors.Add($"{nameof(options.Endpoints)} is empty and {nameof(options.ServiceAddress)} is not set; expected at least one node address such as http://127.0.0.1:7101");
            return;
        }

        foreach (var (uri, index) in (options.Endpoints ?? []).Select((uri, index) => (uri, index)))
        {
            CheckAddress(errors, $"{nameof(options.Endpoints)}[{index}]", uri);
        }

        if (options.ServiceAddress is { } service)
        {
            CheckAddress(errors, nameof(options.ServiceAddress), service);
        }
    }

    private static void CheckAddress(List<string> errors, string name, Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
        {
            errors.Add($"{name} is '{uri}'; expected an absolute http:// (h2c) or https:// (TLS) address with no path, e.g. http://127.0.0.1:7101");
        }
    }

    private static void Positive(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} is {value}; expected from {min} to {max}");
        }
    }

    private static void Range(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name} is {value}; expected an integer from {min} to {max}");
        }
    }
}
