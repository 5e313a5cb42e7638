using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Definitions;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Interop.Etcd;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>OUR client against a real etcd, using etcd's own KV service (Protos/etcd_kv.proto).</summary>
public sealed class EtcdInteropTests(EtcdFixture etcd) : IClassFixture<EtcdFixture>
{
    private static readonly ServiceDescriptor Kv = new("etcdserverpb.KV");
    private static readonly Method<PutRequest, PutResponse> Put = Kv.Unary(PutRequest.Parser, PutResponse.Parser, "Put");
    private static readonly Method<RangeRequest, RangeResponse> Range = Kv.Unary(RangeRequest.Parser, RangeResponse.Parser, "Range");
    private static readonly CallOptions Patient = new() { Timeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task Put_then_range_reads_back_the_value_and_revision()
    {
        var key = ByteString.CopyFromUtf8("entityplatform/interop/" + Guid.NewGuid());
        var value = ByteString.CopyFromUtf8("wert ✓");

        var put = await etcd.Channel.UnaryAsync(Put, new PutRequest { Key = key, Value = value }, Patient);
        var range = await etcd.Channel.UnaryAsync(Range, new RangeRequest { Key = key }, Patient);

        Assert.True(put.Header.Revision > 0);
        var kv = Assert.Single(range.Kvs);
        Assert.Equal(key, kv.Key);
        Assert.Equal(value, kv.Value);
        Assert.Equal(put.Header.Revision, kv.ModRevision);
        Assert.Equal(1, kv.Version);
    }

    [Fact]
    public async Task Range_of_a_missing_key_returns_no_values()
    {
        var range = await etcd.Channel.UnaryAsync(Range, new RangeRequest { Key = ByteString.CopyFromUtf8("missing/" + Guid.NewGuid()) }, Patient);

        Assert.Empty(range.Kvs);
        Assert.Equal(0, range.Count);
    }

    [Fact]
    public async Task Etcd_error_status_reaches_our_client_with_its_message()
    {
        // A revision far in the future: etcd answers OUT_OF_RANGE "etcdserver: mvcc: required revision is a future revision".
        var error = await Assert.ThrowsAsync<GrpcCallException>(() => etcd.Channel.UnaryAsync(
            Range, new RangeRequest { Key = ByteString.CopyFromUtf8("k"), Revision = 1_000_000_000 }, Patient));

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.Contains("future revision", error.Detail);
    }

    [Fact]
    public async Task Unknown_method_on_etcd_reports_unimplemented()
    {
        var missing = Kv.Unary(RangeRequest.Parser, RangeResponse.Parser, "NoSuchMethod");

        var error = await Assert.ThrowsAsync<GrpcCallException>(() => etcd.Channel.UnaryAsync(missing, new RangeRequest(), Patient));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
