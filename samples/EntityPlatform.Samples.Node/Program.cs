using EntityPlatform.Node.Hosting;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Carts;
using EntityPlatform.Samples.Counter;

// The sample node: registers the sample entity types under the names the EntityType resources use
// (crds/samples/local/demo.yaml), then runs a node ("run ...") or the local cluster ("local ...").
return await NodeProgram.RunAsync(args, types => types
    .AddEntityType<Counter>("counter")
    .AddEntityType<Account>("accounts")
    .AddEntityType<Cart>("cart"));
