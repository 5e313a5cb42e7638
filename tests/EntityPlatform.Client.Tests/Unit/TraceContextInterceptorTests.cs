using System.Diagnostics;
using EntityPlatform.Client.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>
/// The SDK's calls carry the current activity's W3C trace context in their headers (Grpc.Net.Client does not
/// add it by itself), replacing a stale one and keeping the caller's other headers; with no activity they pass
/// through untouched.
/// </summary>
public sealed class TraceContextInterceptorTests
{
    private static readonly Method<string, string> Command = new(MethodType.Unary, "entityplatform.v1.EntityService", "Command",
        Marshallers.Create(value => System.Text.Encoding.UTF8.GetBytes(value), bytes => System.Text.Encoding.UTF8.GetString(bytes)),
        Marshallers.Create(value => System.Text.Encoding.UTF8.GetBytes(value), bytes => System.Text.Encoding.UTF8.GetString(bytes)));

    [Fact]
    public void A_call_inside_an_activity_sends_its_traceparent_and_tracestate()
    {
        using var activity = new Activity("call").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=1";
        var headers = new Metadata { { "user-agent-extra", "x" }, { "traceparent", "00-00000000000000000000000000000001-0000000000000001-01" } };

        var sent = Send(headers);

        Assert.Equal(activity.Id, Assert.Single(sent, entry => entry.Key == "traceparent").Value);
        Assert.Equal("vendor=1", Assert.Single(sent, entry => entry.Key == "tracestate").Value);
        Assert.Equal("x", sent.GetValue("user-agent-extra"));
        // The caller's Metadata is not changed (it may be reused for the next attempt).
        Assert.Equal("00-00000000000000000000000000000001-0000000000000001-01", headers.GetValue("traceparent"));
    }

    [Fact]
    public void Without_an_activity_the_headers_pass_through_untouched()
    {
        Assert.Null(Activity.Current);
        var headers = new Metadata { { "user-agent-extra", "x" } };

        Assert.Same(headers, Send(headers));
    }

    /// <summary>Runs one unary call through the interceptor and returns the headers the continuation received.</summary>
    private static Metadata Send(Metadata headers)
    {
        Metadata? received = null;
        var context = new ClientInterceptorContext<string, string>(Command, host: null, new CallOptions(headers));
        using var call = TraceContextInterceptor.Instance.AsyncUnaryCall("request", context, (request, next) =>
        {
            received = next.Options.Headers;
            return new AsyncUnaryCall<string>(Task.FromResult("reply"), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        });
        return received!;
    }
}
