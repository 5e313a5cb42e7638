using System.Text.Json;
using System.Text.Json.Serialization;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Serialization;

/// <summary>Reads and writes an <see cref="IntOrString"/> as a bare number or a string, as the API does.</summary>
public sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            // A resource quantity may be a bare integer beyond Int32 (memory: 2147483648): kept as its text,
            // which is the same quantity. (Ports and percentages are never that large.)
            JsonTokenType.Number => reader.TryGetInt32(out var number)
                ? IntOrString.FromInt(number)
                : IntOrString.FromString(reader.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture)),
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
