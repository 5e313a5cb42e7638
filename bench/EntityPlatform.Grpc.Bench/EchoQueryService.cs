using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Grpc.Bench;

/// <summary>EntityService.Query answered at once with the request's payload: measures the gRPC stack alone.</summary>
internal sealed class EchoQueryService : EntityService.EntityServiceBase
{
    public override Task<QueryReply> Query(QueryRequest request, ServerCallContext context) =>
        Task.FromResult(new QueryReply { Result = request.Payload, AppliedIndex = 1, ShardId = 0 });
}
