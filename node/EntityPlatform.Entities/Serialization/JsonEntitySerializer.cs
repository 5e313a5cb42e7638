using System.Text.Json;

namespace EntityPlatform.Entities.Serialization;

/// <summary>
/// The default serializer: System.Text.Json, camelCase, with polymorphic command and event hierarchies
/// declared by the author with <c>[JsonPolymorphic]</c>/<c>[JsonDerivedType]</c> on the base type.
/// </summary>
public sealed class JsonEntitySerializer(JsonSerializerOptions? options = null) : IEntitySerializer
{
    private readonly JsonSerializerOptions options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);

    public byte[] Serialize(object value, Type type) => JsonSerializer.SerializeToUtf8Bytes(value, type, options);

    public object Deserialize(ReadOnlySpan<byte> bytes, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type, options)
                ?? throw new EntityPayloadException($"payload is JSON null; expected a {type.Name}");
        }
        catch (JsonException error)
        {
            throw new EntityPayloadException($"payload is not a valid {type.Name}: {error.Message}", error);
        }
        catch (NotSupportedException error)
        {
            throw new EntityPayloadException($"payload cannot be read as {type.Name}: {error.Message}", error);
        }
    }
}
