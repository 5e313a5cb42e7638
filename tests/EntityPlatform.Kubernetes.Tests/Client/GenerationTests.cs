using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Client;

/// <summary>metadata.generation is how a controller tells "spec changed" from "someone touched metadata or status".</summary>
public sealed class GenerationTests
{
    [Fact]
    public async Task Generation_starts_at_1_and_bumps_on_spec_changes_only()
    {
        await using var cluster = await TestCluster.StartAsync();
        var sts = await cluster.Client.CreateAsync(Objects.StatefulSet("nodes"));
        Assert.Equal(1, sts.Metadata.Generation);

        sts.Metadata.Labels = new Dictionary<string, string> { ["touched"] = "yes" };
        sts = await cluster.Client.UpdateAsync(sts);
        Assert.Equal(1, sts.Metadata.Generation);

        sts.Status = new V1StatefulSetStatus { Replicas = 3, ReadyReplicas = 2 };
        sts = await cluster.Client.UpdateStatusAsync(sts);
        Assert.Equal(1, sts.Metadata.Generation);

        sts.Spec.Replicas = 5;
        sts = await cluster.Client.UpdateAsync(sts);
        Assert.Equal(2, sts.Metadata.Generation);
    }

    [Fact]
    public async Task EntityType_generation_ignores_status_and_annotations_but_tracks_spec()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        et.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "x" };
        et = await cluster.Client.UpdateAsync(et);
        et.Status = new EntityTypeStatus { ObservedGeneration = 1, PlacementVersion = 4 };
        et = await cluster.Client.UpdateStatusAsync(et);
        Assert.Equal(1, et.Metadata.Generation);

        et.Spec.Image = "registry.example.com/counter:1.1.0";
        et = await cluster.Client.UpdateAsync(et);
        Assert.Equal(2, et.Metadata.Generation);
        Assert.Equal(1, et.Status!.ObservedGeneration); // the operator has not caught up yet: that is what this shows
    }
}
