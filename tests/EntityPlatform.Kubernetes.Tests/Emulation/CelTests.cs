using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation;
using EntityPlatform.Kubernetes.Emulation.Cel;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Kubernetes.Tests.Emulation;

/// <summary>The emulation's CEL subset: what it evaluates, and that it refuses what it cannot.</summary>
public sealed class CelTests
{
    [Theory]
    [InlineData("self % 2 == 1", "3", null, true)]
    [InlineData("self % 2 == 1", "4", null, false)]
    [InlineData("self == oldSelf", "8", "8", true)]
    [InlineData("self == oldSelf", "16", "8", false)]
    [InlineData("self.nodes >= self.replicationFactor", """{"nodes":3,"replicationFactor":5}""", null, false)]
    [InlineData("!has(self.class) || size(self.class) > 0", """{"size":"1Gi"}""", null, true)]
    [InlineData("(self.a + 1) * 2 == 8 && self.b != \"x\"", """{"a":3,"b":"y"}""", null, true)]
    public void Rules_evaluate_like_CEL(string rule, string self, string? oldSelf, bool expected)
    {
        var expression = CelExpression.Compile(rule);
        Assert.Equal(expected, expression.Evaluate(JsonNode.Parse(self), oldSelf is null ? null : JsonNode.Parse(oldSelf)));
    }

    [Theory]
    [InlineData("self.matches('^a')")]
    [InlineData("self.all(x, x > 0)")]
    [InlineData("self in [1, 3]")]
    public void A_rule_outside_the_subset_fails_at_compile_time(string rule)
    {
        var error = Assert.Throws<CelException>(() => CelExpression.Compile(rule));
        Assert.Contains("outside the subset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_CRD_with_an_unsupported_rule_fails_loudly()
    {
        await using var emulator = await KubernetesEmulator.StartAsync();
        var crd = CrdGenerator.GenerateYaml(typeof(EntityType)).Replace("self % 2 == 1", "self.matches('x')", StringComparison.Ordinal);
        Assert.Throws<CelException>(() => emulator.RegisterCustomResource(crd));
    }

    [Fact]
    public void A_missing_field_is_a_runtime_error_not_a_pass()
    {
        var expression = CelExpression.Compile("self.nodes >= 1");
        Assert.Throws<CelException>(() => expression.Evaluate(new JsonObject(), null));
    }
}
