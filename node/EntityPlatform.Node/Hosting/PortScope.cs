using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// Restricts an endpoint to the connections accepted on one local port: the client port serves only the
/// client API, the internal port only the peer transport and admin API. A call on the wrong port is
/// answered like an unknown method (trailers-only UNIMPLEMENTED), so the client port reveals nothing else.
/// </summary>
public sealed class PortScope(Func<int> port)
{
    /// <summary>The port, read per request: with port 0 the real one is known only after the server started.</summary>
    public int Port => port();

    /// <summary>Marks <paramref name="endpoints"/> as served on the port <paramref name="port"/> returns.</summary>
    public static TBuilder Restrict<TBuilder>(TBuilder endpoints, Func<int> port)
        where TBuilder : IEndpointConventionBuilder
    {
        endpoints.WithMetadata(new PortScope(port));
        return endpoints;
    }

    /// <summary>Runs after routing: refuses a scoped endpoint reached through another port.</summary>
    public sealed class Middleware(RequestDelegate next)
    {
        public Task InvokeAsync(HttpContext context)
        {
            var scope = context.GetEndpoint()?.Metadata.GetMetadata<PortScope>();
            if (scope is null || scope.Port == context.Connection.LocalPort)
            {
                return next(context);
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = $"Service is unimplemented on port {context.Connection.LocalPort}.";
            return Task.CompletedTask;
        }
    }
}
