using EntityPlatform.Node.Api;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Tests.Api;

public sealed class CommandRetryPolicyTests
{
    [Fact]
    public void A_command_that_may_have_been_appended_is_resent_only_when_it_carries_a_session()
    {
        var session = Guid.CreateVersion7();

        Assert.True(CommandRetryPolicy.MayResend(RequestStatus.Retry, session));
        Assert.False(CommandRetryPolicy.MayResend(RequestStatus.Retry, Guid.Empty));
    }

    [Fact]
    public void A_command_never_appended_is_always_resent()
    {
        Assert.True(CommandRetryPolicy.MayResend(RequestStatus.NotLeader, Guid.Empty));
        Assert.True(CommandRetryPolicy.MayResend(RequestStatus.NotLeader, Guid.CreateVersion7()));
    }

    [Theory]
    [InlineData(RequestStatus.Ok)]
    [InlineData(RequestStatus.DeadlineExceeded)]
    [InlineData(RequestStatus.Overloaded)]
    public void Other_outcomes_are_never_resent_by_the_router(RequestStatus status) =>
        Assert.False(CommandRetryPolicy.MayResend(status, Guid.CreateVersion7()));
}
