using EntityPlatform.Interop.Etcd;
using Google.Protobuf;
using Grpc.Core;

namespace EntityPlatform.Grpc.Tests.Interoperability;

/// <summary>OUR client (Grpc.Net.Client, our channel settings) against a real etcd, using etcd's own KV service (Protos/etcd_kv.proto).</summary>
public sealed class EtcdInteropTests(EtcdFixture etcd) : IClassFixture<EtcdFixture>
{
    private KV.KVClient Kv => new(etcd.Channel);

    private static CallOptions Patient => new(deadline: DateTime.UtcNow.AddSeconds(20));

    [Fact]
    public async Task Put_then_range_reads_back_the_value_and_revision()
    {
        var key = ByteString.CopyFromUtf8("entityplatform/interop/" + Guid.NewGuid());
        var value = ByteString.CopyFromUtf8("wert ✓");

        var put = await Kv.PutAsync(new PutRequest { Key = key, Value = value }, Patient);
        var range = await Kv.RangeAsync(new RangeRequest { Key = key }, Patient);

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
        var range = await Kv.RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8("missing/" + Guid.NewGuid()) }, Patient);

        Assert.Empty(range.Kvs);
        Assert.Equal(0, range.Count);
    }

    [Fact]
    public async Task Etcd_error_status_reaches_our_client_with_its_message()
    {
        // A revision far in the future: etcd answers OUT_OF_RANGE "etcdserver: mvcc: required revision is a future revision".
        var error = await Assert.ThrowsAsync<RpcException>(() => Kv.RangeAsync(
            new RangeRequest { Key = ByteString.CopyFromUtf8("k"), Revision = 1_000_000_000 }, Patient).ResponseAsync);

        Assert.Equal(StatusCode.OutOfRange, error.StatusCode);
        Assert.Contains("future revision", error.Status.Detail);
    }

    [Fact]
    public async Task Unknown_method_on_etcd_reports_unimplemented()
    {
        var missing = new Method<RangeRequest, RangeResponse>(MethodType.Unary, "etcdserverpb.KV", "NoSuchMethod",
            Marshallers.Create(r => r.ToByteArray(), RangeRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), RangeResponse.Parser.ParseFrom));

        var error = await Assert.ThrowsAsync<RpcException>(() => etcd.Channel.CreateCallInvoker().AsyncUnaryCall(missing, null, Patient, new RangeRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}
