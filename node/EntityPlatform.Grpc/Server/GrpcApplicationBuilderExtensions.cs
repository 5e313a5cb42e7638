using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Grpc.Server;

public static class GrpcApplicationBuilderExtensions
{
    /// <summary>Serves the registry's methods from this ASP.NET Core pipeline.</summary>
    public static IApplicationBuilder UseGrpc(this IApplicationBuilder app, GrpcServiceRegistry services, GrpcServerOptions? options = null)
    {
        var methods = services.Build();
        var logger = app.ApplicationServices.GetService<ILoggerFactory>()?.CreateLogger("EntityPlatform.Grpc.Server")
            ?? NullLogger.Instance;
        var grpcOptions = options ?? new GrpcServerOptions();
        return app.Use(next => new GrpcDispatcher(methods, grpcOptions, next, logger).InvokeAsync);
    }
}
