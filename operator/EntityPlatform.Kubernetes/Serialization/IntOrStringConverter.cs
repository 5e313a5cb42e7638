using System.Text.Json;
using System.Text.Json.Serialization;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Serialization;

/// <summary>Writes an <see cref="IntOrString"/> as a bare number or a string, as the API does.</summary>
public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => IntOrString.FromInt(reader.GetInt32()),
            JsonTokenType.String => IntOrString.FromString(reader.GetString()!),
            _ => throw new JsonException($"An int-or-string must be a number or a string, not {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.Text ?? "");
        }
    }
}
