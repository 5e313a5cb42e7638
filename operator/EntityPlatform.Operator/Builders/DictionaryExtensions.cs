namespace EntityPlatform.Operator.Builders;

/// <summary>
/// KubernetesClient's models type labels, annotations and data as IDictionary, which has no
/// GetValueOrDefault (that one is for IReadOnlyDictionary); this is the same lookup for them.
/// </summary>
public static class DictionaryExtensions
{
    public static TValue? ValueOrDefault<TKey, TValue>(this IDictionary<TKey, TValue>? map, TKey key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : default;
}
