using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EntityPlatform.Client.DependencyInjection;

public static class EntityPlatformClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="EntityPlatformClient"/>. Options are validated when the host starts
    /// (ValidateOnStart), so a bad option stops the application at once with a message naming it, rather
    /// than at the first call.
    /// <code>services.AddEntityPlatformClient(o => o.Endpoints.Add(new Uri("http://127.0.0.1:7101")));</code>
    /// </summary>
    public static IServiceCollection AddEntityPlatformClient(this IServiceCollection services, Action<EntityPlatformClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EntityPlatformClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EntityPlatformClientOptions>, EntityPlatformClientOptionsValidator>());
        services.TryAddSingleton(provider => new EntityPlatformClient(
            provider.GetRequiredService<IOptions<EntityPlatformClientOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IMeterFactory>()));
        return services;
    }
}
