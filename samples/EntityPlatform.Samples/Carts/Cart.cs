using System.Collections.Immutable;
using System.Text.Json.Serialization;
using EntityPlatform.Entities.Model;

namespace EntityPlatform.Samples.Carts;

/// <summary>A shopping cart: add and remove items until checkout, after which it is closed.</summary>
public sealed class Cart : EntityType<CartState, CartCommand, CartEvent>
{
    public const int MaxDistinctItems = 100;

    public override CartState Initial => new(ImmutableSortedDictionary<string, int>.Empty, CheckedOut: false);

    public override Decision<CartEvent> Decide(CartState state, CartCommand command)
    {
        if (state.CheckedOut)
        {
            return Decision<CartEvent>.Reject("the cart is checked out; start a new cart");
        }

        return command switch
        {
            CartCommand.AddItem { Quantity: <= 0 } add => Decision<CartEvent>.Reject($"quantity must be positive, got {add.Quantity}"),
            CartCommand.AddItem add when string.IsNullOrWhiteSpace(add.Sku) => Decision<CartEvent>.Reject("sku must not be empty"),
            CartCommand.AddItem add when !state.Items.ContainsKey(add.Sku) && state.Items.Count >= MaxDistinctItems =>
                Decision<CartEvent>.Reject($"a cart holds at most {MaxDistinctItems} distinct items"),
            CartCommand.AddItem add => Decision<CartEvent>.Accept(new CartEvent.ItemAdded(add.Sku, add.Quantity)),
            CartCommand.RemoveItem remove when !state.Items.ContainsKey(remove.Sku) =>
                Decision<CartEvent>.Reject($"item '{remove.Sku}' is not in the cart"),
            CartCommand.RemoveItem remove => Decision<CartEvent>.Accept(new CartEvent.ItemRemoved(remove.Sku)),
            CartCommand.Checkout when state.Items.IsEmpty => Decision<CartEvent>.Reject("cannot check out an empty cart"),
            CartCommand.Checkout => Decision<CartEvent>.Accept(new CartEvent.CheckedOut(state.Items.Values.Sum())),
            _ => Decision<CartEvent>.Reject($"unknown cart command {command.GetType().Name}"),
        };
    }

    public override CartState Apply(CartState state, CartEvent @event) => @event switch
    {
        CartEvent.ItemAdded added => state with
        {
            Items = state.Items.SetItem(added.Sku, state.Items.GetValueOrDefault(added.Sku) + added.Quantity),
        },
        CartEvent.ItemRemoved removed => state with { Items = state.Items.Remove(removed.Sku) },
        CartEvent.CheckedOut => state with { CheckedOut = true },
        _ => state,
    };

    public override void DefineQueries(QueryRegistry<CartState> queries) => queries.AddState("contents");
}

public sealed record CartState(ImmutableSortedDictionary<string, int> Items, bool CheckedOut);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AddItem), "addItem")]
[JsonDerivedType(typeof(RemoveItem), "removeItem")]
[JsonDerivedType(typeof(Checkout), "checkout")]
public abstract record CartCommand
{
    public sealed record AddItem(string Sku, int Quantity) : CartCommand;

    public sealed record RemoveItem(string Sku) : CartCommand;

    public sealed record Checkout : CartCommand;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ItemAdded), "itemAdded")]
[JsonDerivedType(typeof(ItemRemoved), "itemRemoved")]
[JsonDerivedType(typeof(CheckedOut), "checkedOut")]
public abstract record CartEvent
{
    public sealed record ItemAdded(string Sku, int Quantity) : CartEvent;

    public sealed record ItemRemoved(string Sku) : CartEvent;

    public sealed record CheckedOut(int TotalItems) : CartEvent;
}
