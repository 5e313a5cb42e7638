using EntityPlatform.Entities.Runtime;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Carts;
using EntityPlatform.Samples.Counter;

namespace EntityPlatform.Entities.Tests;

public sealed class SampleEntityTests
{
    [Fact]
    public void Counter_increments_and_reports_its_value()
    {
        var counter = new RuntimeHarness(EntityTypeRuntimeFactory.Create<Counter>("counters"));
        Assert.True(counter.Send("""{"type":"increment","by":2}""").IsAccepted);
        Assert.True(counter.Send("""{"type":"increment","by":3}""").IsAccepted);
        Assert.Equal("5", counter.Query("value"));
    }

    [Fact]
    public void Counter_rejects_a_non_positive_increment_with_the_reason()
    {
        var counter = new RuntimeHarness(EntityTypeRuntimeFactory.Create<Counter>("counters"));
        var outcome = counter.Send("""{"type":"increment","by":0}""");
        Assert.Equal("increment must be positive, got 0", outcome.Rejection);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void Account_rejects_an_overdraft_and_keeps_its_balance()
    {
        var account = new RuntimeHarness(EntityTypeRuntimeFactory.Create<Account>("accounts"));
        account.Send("""{"type":"deposit","amount":100}""");
        var overdraft = account.Send("""{"type":"withdraw","amount":150}""");
        Assert.Equal("insufficient funds: balance 100, withdrawal 150", overdraft.Rejection);
        Assert.True(account.Send("""{"type":"withdraw","amount":60}""").IsAccepted);
        Assert.Equal("40", account.Query("balance"));
        Assert.Equal("""{"balance":40,"transactions":2}""", account.Query("state"));
    }

    [Fact]
    public void Cart_adds_removes_and_checks_out_then_refuses_changes()
    {
        var cart = new RuntimeHarness(EntityTypeRuntimeFactory.Create<Cart>("carts"));
        cart.Send("""{"type":"addItem","sku":"apple","quantity":2}""");
        cart.Send("""{"type":"addItem","sku":"pear","quantity":1}""");
        cart.Send("""{"type":"addItem","sku":"apple","quantity":1}""");
        Assert.True(cart.Send("""{"type":"removeItem","sku":"pear"}""").IsAccepted);
        Assert.Equal("item 'pear' is not in the cart", cart.Send("""{"type":"removeItem","sku":"pear"}""").Rejection);
        Assert.True(cart.Send("""{"type":"checkout"}""").IsAccepted);
        Assert.Equal("the cart is checked out; start a new cart", cart.Send("""{"type":"addItem","sku":"fig","quantity":1}""").Rejection);
        Assert.Equal("""{"items":{"apple":3},"checkedOut":true}""", cart.Query("contents"));
    }

    [Fact]
    public void Cart_refuses_to_check_out_when_empty()
    {
        var cart = new RuntimeHarness(EntityTypeRuntimeFactory.Create<Cart>("carts"));
        Assert.Equal("cannot check out an empty cart", cart.Send("""{"type":"checkout"}""").Rejection);
    }
}
