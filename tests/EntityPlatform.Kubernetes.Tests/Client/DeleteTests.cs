using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Client;

public sealed class DeleteTests
{
    private static async Task<(EntityType Owner, V1StatefulSet Sts, V1ConfigMap Placement)> OwnerWithDependents(TestCluster cluster)
    {
        var owner = await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        var sts = Objects.StatefulSet("counter");
        sts.Metadata.OwnerReferences = [Objects.OwnedBy(owner)];
        var placement = Objects.ConfigMap("counter-placement");
        placement.Metadata.OwnerReferences = [Objects.OwnedBy(owner)];
        return (owner, await cluster.Client.CreateAsync(sts), await cluster.Client.CreateAsync(placement));
    }

    [Fact]
    public async Task Background_deletion_of_an_owner_garbage_collects_its_dependents()
    {
        await using var cluster = await TestCluster.StartAsync();
        await OwnerWithDependents(cluster);
        var unrelated = await cluster.Client.CreateAsync(Objects.ConfigMap("unrelated"));

        Assert.True(await cluster.Client.DeleteAsync<EntityType>(TestCluster.Namespace, "counter"));

        await Eventually.TrueAsync(async () =>
            await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter") is null
            && await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "counter-placement") is null,
            "the owned StatefulSet and ConfigMap are collected");
        Assert.NotNull(await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, unrelated.Metadata.Name!));
    }

    [Fact]
    public async Task A_dependent_created_with_an_absent_owner_is_garbage_collected()
    {
        // kubernetes.io "Garbage Collection": an owner reference to an object that does not exist (by
        // uid; a namespaced owner must be in the dependent's namespace) is treated as absent, and a
        // dependent whose owners are all absent is deleted, even if it was just created that way.
        await using var cluster = await TestCluster.StartAsync();
        var owner = await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        var kept = Objects.ConfigMap("kept");
        kept.Metadata.OwnerReferences = [Objects.OwnedBy(owner)];
        await cluster.Client.CreateAsync(kept);

        var dangling = Objects.ConfigMap("dangling");
        dangling.Metadata.OwnerReferences = [Objects.OwnedBy(owner)];
        dangling.Metadata.OwnerReferences[0].Uid = "9b0c1c7e-0000-4000-8000-000000000000";
        await cluster.Client.CreateAsync(dangling);
        var elsewhere = Objects.ConfigMap("elsewhere");
        elsewhere.Metadata.NamespaceProperty = "other";
        elsewhere.Metadata.OwnerReferences = [Objects.OwnedBy(owner)]; // the right uid, the wrong namespace
        await cluster.Client.CreateAsync(elsewhere);

        await Eventually.TrueAsync(async () =>
            await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "dangling") is null
            && await cluster.Client.GetAsync<V1ConfigMap>("other", "elsewhere") is null,
            "the dependents without a live owner in their namespace are collected");
        Assert.NotNull(await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "kept"));
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_strips_their_owner_reference()
    {
        await using var cluster = await TestCluster.StartAsync();
        await OwnerWithDependents(cluster);

        await cluster.Client.DeleteAsync<EntityType>(TestCluster.Namespace, "counter", PropagationPolicy.Orphan);

        var sts = await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter");
        Assert.NotNull(sts);
        Assert.Empty(sts.Metadata.OwnerReferences ?? []);
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_dependents_are_gone()
    {
        await using var cluster = await TestCluster.StartAsync();
        var (_, sts, _) = await OwnerWithDependents(cluster);
        sts.Metadata.Finalizers = ["test/hold"];
        await cluster.Client.UpdateAsync(sts);

        await cluster.Client.DeleteAsync<EntityType>(TestCluster.Namespace, "counter", PropagationPolicy.Foreground);

        await Eventually.TrueAsync(async () =>
            (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter"))?.Metadata.DeletionTimestamp is not null,
            "the dependent is being deleted");
        var owner = await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter");
        Assert.NotNull(owner!.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", owner.Metadata.Finalizers!);

        var held = (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter"))!;
        held.Metadata.Finalizers = null;
        await cluster.Client.UpdateAsync(held);
        await Eventually.TrueAsync(async () => await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter") is null,
            "the owner goes once its dependents are gone");
    }

    [Fact]
    public async Task A_finalizer_keeps_a_deleted_object_until_it_is_removed()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = Objects.EntityType("counter");
        et.Metadata.Finalizers = ["entityplatform.io/drain"];
        await cluster.Client.CreateAsync(et);

        Assert.True(await cluster.Client.DeleteAsync<EntityType>(TestCluster.Namespace, "counter"));
        var deleting = await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter");
        Assert.NotNull(deleting!.Metadata.DeletionTimestamp);

        deleting.Metadata.Finalizers!.Add("late/finalizer");
        var forbidden = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.UpdateAsync(deleting));
        Assert.Equal(["metadata.finalizers"], forbidden.Fields);

        var fresh = (await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter"))!;
        fresh.Metadata.Finalizers = [];
        await cluster.Client.UpdateAsync(fresh);
        Assert.Null(await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter"));
    }

    [Fact]
    public async Task A_delete_with_a_stale_resourceVersion_precondition_conflicts()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("cm"));
        created.Data!["key"] = "new";
        await cluster.Client.UpdateAsync(created);
        await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.DeleteAsync<V1ConfigMap>(
            TestCluster.Namespace, "cm", preconditions: new V1Preconditions { ResourceVersion = created.Metadata.ResourceVersion }));
    }
}
