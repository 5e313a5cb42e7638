using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Yaml;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Kubernetes.Tests.Emulation;

/// <summary>The YAML writer behind the CRD file reads back to exactly the same JSON.</summary>
public sealed class YamlTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("123")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("#comment")]
    [InlineData(" padded")]
    [InlineData("line\nbreak")]
    [InlineData("quote\"s and 'single'")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status")]
    public void Strings_that_look_like_something_else_stay_strings(string text)
    {
        var document = new JsonObject { ["value"] = text, ["list"] = new JsonArray(text) };
        var yaml = YamlWriter.Write(document);
        var back = YamlJson.Parse(yaml);
        Assert.Equal(text, back["value"]!.GetValue<string>());
        Assert.Equal(text, back["list"]![0]!.GetValue<string>());
    }

    [Fact]
    public void The_generated_CRD_round_trips_through_YAML()
    {
        var crd = CrdGenerator.Generate(typeof(EntityType));
        Assert.True(JsonNode.DeepEquals(crd, YamlJson.Parse(YamlWriter.Write(crd))));
    }

    [Fact]
    public void Multi_document_YAML_yields_every_non_empty_document()
    {
        var documents = YamlJson.ParseAll("---\na: 1\n---\n---\nb: [x, 'y']\n");
        Assert.Equal(2, documents.Count);
        Assert.Equal(1L, documents[0]["a"]!.GetValue<long>());
        Assert.Equal("y", documents[1]["b"]![1]!.GetValue<string>());
    }
}
