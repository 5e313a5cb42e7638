using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Whether a failed forward to a shard's leader suggests the leader is gone (its node down, cut off, or its
/// loop stopped), as opposed to an answer from a live leader. Such a failure wakes the local replica of the
/// shard (MultiRaftScheduler.WakeShard), so a quiesced follower replaces a dead leader instead of waiting for
/// the failure detector (issue 12, item 9).
/// </summary>
internal static class ForwardFailure
{
    public static bool SuggestsLeaderGone(Exception error) => error switch
    {
        RpcException call => call.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Internal,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
