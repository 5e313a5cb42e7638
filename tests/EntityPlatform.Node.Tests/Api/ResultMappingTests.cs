using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Api;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Transport;
using Grpc.Core;

namespace EntityPlatform.Node.Tests.Api;

/// <summary>
/// The session contract (issue 12) on the standard stack (issue 14): an expired session is FAILED_PRECONDITION
/// whose reason arrives both as the ErrorInfo reason and as the <c>ep-error-reason</c> trailer older clients read.
/// </summary>
public sealed class ResultMappingTests
{
    [Fact]
    public void An_expired_session_is_failed_precondition_with_the_reason_as_error_info_and_as_trailer()
    {
        var error = ResultMapping.ToException(RequestResult.Fail(RequestStatus.SessionExpired, "client_session_id has expired"), new PeerDirectory());

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(ErrorReasons.SessionExpired, RichErrors.ReasonOf(error));
        Assert.Equal("SESSION_EXPIRED", error.Trailers.GetValue(ApiMetadata.ErrorReason));
        Assert.Equal("client_session_id has expired", error.Status.Detail);
    }

    [Theory]
    [InlineData(RequestStatus.InvalidArgument, StatusCode.InvalidArgument, ErrorReasons.InvalidRequest)]
    [InlineData(RequestStatus.Overloaded, StatusCode.ResourceExhausted, ErrorReasons.Overloaded)]
    [InlineData(RequestStatus.NotLeader, StatusCode.Unavailable, ErrorReasons.NotLeader)]
    public void Every_mapped_error_carries_its_reason_in_both_places(RequestStatus status, StatusCode code, string reason)
    {
        var error = ResultMapping.ToException(RequestResult.Fail(status, "why"), new PeerDirectory());

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(reason, RichErrors.ReasonOf(error));
        Assert.Equal(reason, error.Trailers.GetValue(ApiMetadata.ErrorReason));
    }
}
