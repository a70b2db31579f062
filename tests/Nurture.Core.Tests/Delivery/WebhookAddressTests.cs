using System.Net;
using Nurture.Core.Webhooks;

namespace Nurture.Core.Tests.Delivery;

public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    public void Inside_addresses_are_not_public(string address) => Assert.False(WebhookDestinations.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::ffff:8.8.8.8")]
    public void Internet_addresses_are_public(string address) => Assert.True(WebhookDestinations.IsPublic(IPAddress.Parse(address)));
}
