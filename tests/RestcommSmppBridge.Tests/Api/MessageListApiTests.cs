using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using RestcommSmppBridge.Storage;

namespace RestcommSmppBridge.Tests.Api;

[TestFixture]
[CancelAfter(60_000)]
public sealed class MessageListApiTests
{
    private static readonly TestAccount s_account = TestAccounts.Second;
    private static readonly string s_path = TestAccounts.MessagesPath(s_account);
    private ApiTestHost _host = null!;
    private string[] _sids = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = await ApiTestHost.StartAsync();
        (string From, string To, string Body, MessageStatus Status, MessageDirection Direction)[] rows =
        [
            ("+15550000001", "+15551110001", "alpha one", MessageStatus.Queued, MessageDirection.OutboundApi),
            ("+15550000002", "+15551110002", "beta two", MessageStatus.Sent, MessageDirection.OutboundApi),
            ("+15550000003", "+44200000003", "gamma three", MessageStatus.Delivered, MessageDirection.OutboundReply),
            ("ACME", "+15551110004", "delta 100%", MessageStatus.Received, MessageDirection.Inbound),
            ("+15550000005", "+15551110005", "epsilon_five", MessageStatus.Failed, MessageDirection.OutboundApi),
        ];
        _sids = new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            DateTimeOffset created = new DateTimeOffset(2015, 11, 17, 10, 0, 0, TimeSpan.Zero).AddDays(i);
            _sids[i] = Sids.NewMessageSid();
            await _host.Messages.InsertAsync(
                new SmsMessage
                {
                    Sid = _sids[i],
                    AccountSid = s_account.Sid,
                    From = rows[i].From,
                    To = rows[i].To,
                    Body = rows[i].Body,
                    Status = rows[i].Status,
                    Direction = rows[i].Direction,
                    DateCreated = created,
                    DateUpdated = created,
                },
                CancellationToken.None);
        }

        // Another account's message must never show up.
        await _host.SendSmsAsync(TestAccounts.First, body: "alpha one");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TestCase("?SubAccounts=true")]
    [TestCase("?SubAccounts=false")]
    [TestCase("?_=1764240000000")]
    [TestCase("?localOnly=false&SubAccounts=true&_=1")]
    public async Task List_RestcommParametersWithoutEffectHere_AcceptedAndIgnored(string query)
    {
        // The bridge has no sub-accounts (true and false list the same messages); a browser adds _ to defeat caches.
        JsonElement json = await GetJsonAsync(query);

        Assert.That(SidsOf(json), Is.EqualTo(_sids.AsEnumerable().Reverse()), "the whole list, as without the parameter");
    }

    [Test]
    public async Task List_FirstPage_HasRestcommEnvelopeKeysInOrder()
    {
        JsonElement json = await GetJsonAsync("?PageSize=2");

        string[] keys = [.. json.EnumerateObject().Select(p => p.Name)];
        Assert.That(keys, Is.EqualTo(new[]
        {
            "page", "num_pages", "page_size", "total", "start", "end", "uri", "first_page_uri", "previous_page_uri",
            "next_page_uri", "last_page_uri", "messages",
        }));
        string uri = s_path + ".json";
        Assert.That(json.GetProperty("page").GetInt32(), Is.EqualTo(0));
        Assert.That(json.GetProperty("num_pages").GetInt32(), Is.EqualTo(2), "5 / 2 in integer division");
        Assert.That(json.GetProperty("page_size").GetInt32(), Is.EqualTo(2));
        Assert.That(json.GetProperty("total").GetInt32(), Is.EqualTo(5));
        Assert.That(json.GetProperty("start").GetString(), Is.EqualTo("0"));
        Assert.That(json.GetProperty("end").GetString(), Is.EqualTo("1"));
        Assert.That(json.GetProperty("uri").GetString(), Is.EqualTo(uri));
        Assert.That(json.GetProperty("first_page_uri").GetString(), Is.EqualTo(uri + "?Page=0&PageSize=2"));
        Assert.That(json.GetProperty("previous_page_uri").GetString(), Is.EqualTo("null"));
        Assert.That(json.GetProperty("next_page_uri").GetString(), Is.EqualTo(uri + "?Page=1&PageSize=2&AfterSid=" + _sids[3]));
        Assert.That(json.GetProperty("last_page_uri").GetString(), Is.EqualTo(uri + "?Page=2&PageSize=2"));
        Assert.That(SidsOf(json), Is.EqualTo(new[] { _sids[4], _sids[3] }), "default order is DateCreated descending");
    }

    [Test]
    public async Task List_LastPage_HasNullNextAndRestcommEnd()
    {
        JsonElement json = await GetJsonAsync("?Page=2&PageSize=2");

        Assert.That(json.GetProperty("start").GetString(), Is.EqualTo("4"));
        Assert.That(json.GetProperty("end").GetString(), Is.EqualTo("5"));
        Assert.That(json.GetProperty("previous_page_uri").GetString(), Is.EqualTo(s_path + ".json?Page=1&PageSize=2"));
        Assert.That(json.GetProperty("next_page_uri").GetString(), Is.EqualTo("null"));
        Assert.That(SidsOf(json), Is.EqualTo(new[] { _sids[0] }));
    }

    [Test]
    public async Task List_TotalIsMultipleOfPageSize_LastIndexIsAnEmptyPage()
    {
        JsonElement first = await GetJsonAsync("?PageSize=5");
        JsonElement empty = await GetJsonAsync("?Page=1&PageSize=5");

        Assert.That(first.GetProperty("num_pages").GetInt32(), Is.EqualTo(1));
        Assert.That(first.GetProperty("next_page_uri").GetString(), Is.EqualTo(s_path + ".json?Page=1&PageSize=5&AfterSid=" + _sids[0]));
        Assert.That(empty.GetProperty("messages").GetArrayLength(), Is.EqualTo(0));
        Assert.That(empty.GetProperty("next_page_uri").GetString(), Is.EqualTo("null"));
    }

    [TestCase("?Page=3&PageSize=2")]
    [TestCase("?Page=1")]
    public async Task List_PagePastTheLast_Returns400WithEmptyBody(string query)
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, s_path + ".json" + query, s_account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Empty);
    }

    [TestCase("?To=110002", new[] { 1 })]
    [TestCase("?From=0003", new[] { 2 })]
    [TestCase("?Body=ta", new[] { 3, 1 })]
    [TestCase("?Body=100%25", new[] { 3 })]
    [TestCase("?Body=_five", new[] { 4 })]
    [TestCase("?Status=delivered", new[] { 2 })]
    [TestCase("?StartTime=2015-11-20", new[] { 4, 3 })]
    [TestCase("?EndTime=2015-11-18", new[] { 1, 0 })]
    [TestCase("?StartTime=2015-11-18&EndTime=2015-11-19", new[] { 2, 1 })]
    [TestCase("?Body=t&Status=sent", new[] { 1 })]
    [TestCase("?To=nothing-matches", new int[0])]
    public async Task List_Filters_SelectMessagesAndCountThem(string query, int[] expected)
    {
        JsonElement json = await GetJsonAsync(query);

        Assert.That(SidsOf(json), Is.EqualTo(expected.Select(i => _sids[i]).ToArray()));
        Assert.That(json.GetProperty("total").GetInt32(), Is.EqualTo(expected.Length));
    }

    [TestCase("?StartTime=2015/11/18", "StartTime must be a date as yyyy-MM-dd.")]
    [TestCase("?EndTime=yesterday", "EndTime must be a date as yyyy-MM-dd.")]
    [TestCase("?Status=lost", "Status must be one of queued, sending, sent, failed, received, delivered, undelivered.")]
    [TestCase("?PageSize=0", "PageSize must be a positive whole number.")]
    [TestCase("?PageSize=ten", "PageSize must be a positive whole number.")]
    [TestCase("?Page=-1", "Page must be a whole number, 0 or more.")]
    [TestCase("?Page=first", "Page must be a whole number, 0 or more.")]
    [TestCase("?DateSent=2015-11-19", "Unknown parameter 'DateSent'; the accepted parameters are To, From, Body, Status, StartTime, EndTime, SortBy, Page, PageSize, AfterSid, localOnly, SubAccounts.")]
    [TestCase("?__=1", "Unknown parameter '__'; the accepted parameters are To, From, Body, Status, StartTime, EndTime, SortBy, Page, PageSize, AfterSid, localOnly, SubAccounts.")]
    public async Task List_BadParameter_Returns400(string query, string expected)
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, s_path + ".json" + query, s_account);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        ErrorBody error = await ErrorBody.ReadAsync(response);
        Assert.That(error.MediaType, Is.EqualTo("application/json"));
        Assert.That(error.Message, Is.EqualTo(expected));
    }

    [TestCase("?SortBy=From:asc", new[] { 0, 1, 2, 4, 3 })]
    [TestCase("?SortBy=From:desc", new[] { 3, 4, 2, 1, 0 })]
    [TestCase("?SortBy=Body", new[] { 0, 1, 3, 4, 2 })]
    [TestCase("?SortBy=DateCreated", new[] { 0, 1, 2, 3, 4 })]
    public async Task List_SortBy_OrdersMessages(string query, int[] expected)
    {
        JsonElement json = await GetJsonAsync(query);

        Assert.That(SidsOf(json), Is.EqualTo(expected.Select(i => _sids[i]).ToArray()));
    }

    [Test]
    public async Task List_SortByStatus_OrdersByWireValue()
    {
        JsonElement json = await GetJsonAsync("?SortBy=Status:asc");

        string[] statuses = [.. json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("status").GetString()!)];
        Assert.That(statuses, Is.EqualTo(new[] { "delivered", "failed", "queued", "received", "sent" }));
    }

    [TestCase("Bogus", "SortBy field 'Bogus' is not supported; use one of DateCreated, From, To, Direction, Status, Body, Price.")]
    [TestCase("From:sideways", "SortBy direction 'sideways' is not supported; use asc or desc.")]
    [TestCase("from:asc", "SortBy field 'from' is not supported; use one of DateCreated, From, To, Direction, Status, Body, Price.")]
    public async Task List_BadSortBy_Returns400WithMessageObject(string sortBy, string expected)
    {
        using HttpResponseMessage json = await _host.SendAsync(HttpMethod.Get, s_path + ".json?SortBy=" + Uri.EscapeDataString(sortBy), s_account);
        using HttpResponseMessage xml = await _host.SendAsync(HttpMethod.Get, s_path + "?SortBy=" + Uri.EscapeDataString(sortBy), s_account);

        Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), Is.EqualTo(expected));
        Assert.That(xml.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!.Element("RestException")!.Element("Message")!.Value, Is.EqualTo(expected));
    }

    [Test]
    public async Task List_PageSizeAboveMaximum_IsClampedTo1000()
    {
        JsonElement json = await GetJsonAsync("?PageSize=5000");

        Assert.That(json.GetProperty("page_size").GetInt32(), Is.EqualTo(1000));
        Assert.That(json.GetProperty("first_page_uri").GetString(), Is.EqualTo(s_path + ".json?Page=0&PageSize=1000"));
        Assert.That(json.GetProperty("messages").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public async Task List_Xml_IsSmsMessagesWithoutPagingMetadata()
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, s_path + "?PageSize=2", s_account);
        XElement root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.That(root.Name.LocalName, Is.EqualTo("RestcommResponse"));
        XElement list = root.Element("SMSMessages")!;
        Assert.That(list.Attributes(), Is.Empty);
        Assert.That(list.Elements("SMSMessage").Select(e => e.Element("Sid")!.Value), Is.EqualTo(new[] { _sids[4], _sids[3] }));
    }

    private async Task<JsonElement> GetJsonAsync(string query)
    {
        using HttpResponseMessage response = await _host.SendAsync(HttpMethod.Get, s_path + ".json" + query, s_account);
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string[] SidsOf(JsonElement json) =>
        [.. json.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sid").GetString()!)];
}
