using System.Net.Http.Headers;
using EntityPlatform.Kubernetes.Config;
using k8s.Authentication;

namespace EntityPlatform.Kubernetes.Library;

/// <summary>
/// Hands our <see cref="ITokenSource"/> to KubernetesClient: the library asks for the header on every
/// request, so a rotated projected service-account token is picked up without a restart.
/// </summary>
internal sealed class TokenSourceProvider(ITokenSource source) : ITokenProvider
{
    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AuthenticationHeaderValue("Bearer", source.GetToken()));
}
