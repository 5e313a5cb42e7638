using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Kubernetes.Yaml;

namespace EntityPlatform.Kubernetes.Tests.Crd;

/// <summary>
/// Every EntityType document under crds/samples (including the local-mode demo in samples/local) passes
/// the committed CRD's schema and CEL rules, so samples cannot drift from the API.
/// </summary>
public sealed class SampleTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        var root = RepoPaths.Of("crds", "samples");
        foreach (var path in Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, path));
        }
        return data;
    }

    [Fact]
    public void The_samples_folder_holds_the_documented_samples()
    {
        var names = Directory.GetFiles(RepoPaths.Of("crds", "samples"), "*.yaml").Select(Path.GetFileName).ToList();
        Assert.Contains("counter.yaml", names);
        Assert.Contains("accounts.yaml", names);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_document_of_a_sample_is_admitted_by_the_committed_CRD(string file)
    {
        var crd = YamlJson.Parse(File.ReadAllText(CrdDriftTests.CrdPath));
        var schema = Assert.Single(CustomResourceLoader.Load(crd)).Schema!;
        var documents = YamlJson.ParseAll(File.ReadAllText(RepoPaths.Of("crds", "samples", file)));
        Assert.NotEmpty(documents);
        foreach (var sample in documents.Cast<JsonObject>())
        {
            var before = (JsonObject)sample.DeepClone();

            var errors = schema.Admit(sample, old: null);

            var name = sample["metadata"]?["name"];
            Assert.True(errors.Count == 0, $"{file} ({name}): {string.Join("; ", errors)}");
            Assert.Equal("entityplatform.io/v1alpha1", sample["apiVersion"]!.ToString());
            Assert.Equal("EntityType", sample["kind"]!.ToString());
            // No unknown field (pruning would have removed it): admission only added defaults.
            Assert.All(before["spec"]!.AsObject().Select(p => p.Key), key => Assert.True(sample["spec"]!.AsObject().ContainsKey(key), $"{file} ({name}): spec.{key} is not in the schema"));
        }
    }
}
