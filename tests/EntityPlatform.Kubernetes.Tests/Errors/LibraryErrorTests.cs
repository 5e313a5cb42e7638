using System.Net;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Tests.Errors;

/// <summary>
/// What KubernetesClient raises becomes our typed API errors in one place
/// (<see cref="KubernetesApiException"/>): error answers through our handler in its pipeline, and the
/// library's own exception types through <see cref="KubernetesApiException.Translate"/>.
/// </summary>
public sealed class LibraryErrorTests
{
    private static HttpOperationException HttpError(HttpStatusCode code, string body) => new("failed")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body),
    };

    [Fact]
    public void An_HttpOperationException_with_a_Status_body_becomes_the_specific_type()
    {
        var body = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"leases \"l\" already exists","reason":"AlreadyExists","code":409}""";
        var error = Assert.IsType<AlreadyExistsException>(KubernetesApiException.Translate(HttpError(HttpStatusCode.Conflict, body), "create lease"));
        Assert.Equal("AlreadyExists", error.Reason);
        Assert.Contains("leases \"l\" already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_HttpOperationException_without_a_Status_body_keeps_its_HTTP_status()
    {
        var error = Assert.IsType<KubernetesApiException>(KubernetesApiException.Translate(HttpError(HttpStatusCode.BadGateway, "<html>proxy</html>"), "get pod"));
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Null(error.Status);
    }

    [Fact]
    public void A_watch_ERROR_event_maps_to_Gone_or_TooLargeResourceVersion()
    {
        var gone = new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version: 5 (9)" });
        Assert.IsType<GoneException>(KubernetesApiException.Translate(gone, "watch pods"));

        var tooLarge = new KubernetesException(new V1Status
        {
            Code = 504, Reason = "Timeout", Message = "Timeout: Too large resource version: 90, current: 12",
            Details = new V1StatusDetails { Causes = [new V1StatusCause { Reason = TooLargeResourceVersionException.CauseType }] },
        });
        Assert.IsType<TooLargeResourceVersionException>(KubernetesApiException.Translate(tooLarge, "watch pods"));
    }

    [Fact]
    public void Other_exceptions_pass_through_unchanged()
    {
        var io = new IOException("connection reset");
        Assert.Same(io, KubernetesApiException.Translate(io, "watch pods"));
    }

    [Fact]
    public async Task An_error_answer_to_a_library_call_arrives_as_our_type_with_the_servers_field_names()
    {
        await using var cluster = await TestCluster.StartAsync();
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "x" }, Spec = new V1LeaseSpec { LeaseTransitions = -1 } };
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.Api.CoordinationV1.CreateNamespacedLeaseAsync(lease, TestCluster.Namespace));
        Assert.Equal(["spec.leaseTransitions"], error.Fields);
        Assert.StartsWith("POST /apis/coordination.k8s.io/v1/namespaces/tests/leases: 422 Invalid", error.Message, StringComparison.Ordinal);
    }
}
