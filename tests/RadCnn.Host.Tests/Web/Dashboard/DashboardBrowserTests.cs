using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using RadCnn.Dicom;
using RadCnn.Host.Tests.Pipeline;
using RadCnn.TestSupport;

namespace RadCnn.Host.Tests.Web.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's headless Chromium through chromedriver and Selenium):
/// a viewer signs in, sees the overview's device, batch and queue figures, sees a job appear without
/// reloading after storescu sends a radiograph and its failed delivery appear in the deliveries view
/// in another tab, opens the result and sees the segmentation drawn over the image and the heat map
/// picture. Screenshots
/// go to the test output folder (artifacts/), one also to docs/ when RADCNN_UPDATE_DOCS=1.
/// </summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private readonly TempDirectory _dir = new("radcnn-web-browser");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_viewer_signs_in_sees_the_job_of_a_radiograph_arrive_and_opens_its_result_with_the_overlay()
    {
        // Results go to a PACS that is not there: the delivery fails, and the deliveries view shows it arrive.
        await using var web = await WebTestHost.StartAsync(_dir, listener: true, gateway: new RadiographOverlayGateway(), settings:
        [
            "--RadCnn:Forwarding:Host=127.0.0.1", $"--RadCnn:Forwarding:Port={Peers.FreeTcpPort()}", "--RadCnn:Forwarding:MaxAttempts=1",
            "--RadCnn:Forwarding:RetryFailedAfterMinutes=0",
        ]);
        using var driver = StartChromium();
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(60));
        // The live tables are replaced at every poll: an element found just before may be gone when read.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));

        driver.Navigate().GoToUrl(new Uri(web.BaseAddress, "/jobs"));
        wait.Until(d => d.Url.EndsWith("/login", StringComparison.Ordinal));
        driver.FindElement(By.Id("user")).SendKeys(WebTestHost.ViewerUser);
        driver.FindElement(By.Id("password")).SendKeys(WebTestHost.Password);
        driver.FindElement(By.Id("sign-in")).Click();
        wait.Until(d => d.Title == "RadCnn: Overview");

        // The overview shows the engine's device, its largest batch and the queue and batch tables, filled by the live script too.
        var engine = (RadCnn.Engine.ISharedInferenceEngine)web.Services.GetService(typeof(RadCnn.Engine.ISharedInferenceEngine))!;
        Assert.Equal(engine.DeviceName, driver.FindElement(By.CssSelector("[data-field=device]")).Text);
        Assert.Matches("^[1-9][0-9]*$", driver.FindElement(By.CssSelector("[data-field=maxBatchSize]")).Text);
        ((IJavaScriptExecutor)driver).ExecuteScript("document.getElementById('queue-by-plugin').setAttribute('data-stale', '1'); document.getElementById('engine-batches').setAttribute('data-stale', '1');");
        wait.Until(d => d.FindElements(By.CssSelector("#queue-by-plugin[data-stale], #engine-batches[data-stale]")).Count == 0);
        Assert.Single(driver.FindElements(By.Id("queue-by-plugin")));
        Assert.Single(driver.FindElements(By.Id("engine-batches")));

        // A second tab holds the deliveries view, empty for now.
        var jobsTab = driver.CurrentWindowHandle;
        driver.SwitchTo().NewWindow(WindowType.Tab);
        var deliveriesTab = driver.CurrentWindowHandle;
        driver.Navigate().GoToUrl(new Uri(web.BaseAddress, "/deliveries"));
        wait.Until(d => d.Title == "RadCnn: Deliveries");
        Assert.Empty(driver.FindElements(By.CssSelector("#deliveries tbody tr")));
        ((IJavaScriptExecutor)driver).ExecuteScript("window.notReloaded = true;");
        driver.SwitchTo().Window(jobsTab);
        driver.Navigate().GoToUrl(new Uri(web.BaseAddress, "/jobs"));
        wait.Until(d => d.FindElements(By.CssSelector("#jobs-live table")).Count == 1);
        Assert.Empty(driver.FindElements(By.CssSelector("#jobs tbody tr")));

        // storescu sends a radiograph; the page, polling, shows its job without a reload.
        var radiograph = Radiograph(_dir.Combine("dx.dcm"));
        var sent = TestStudy.Storescu(web.DicomPort!.Value, [radiograph]);
        Assert.True(sent.ExitCode == 0, sent.Combined);
        var marker = ((IJavaScriptExecutor)driver).ExecuteScript("window.notReloaded = true; return window.notReloaded;");
        Assert.Equal(true, marker);
        wait.Until(d => d.FindElements(By.CssSelector("#jobs tbody tr")).Any(r => r.Text.Contains("radiograph", StringComparison.Ordinal) && r.Text.Contains("done", StringComparison.Ordinal)));
        Assert.Equal(true, ((IJavaScriptExecutor)driver).ExecuteScript("return window.notReloaded === true;"));

        // The deliveries tab shows the failed delivery of the job's result, without a reload, with its reason.
        driver.SwitchTo().Window(deliveriesTab);
        wait.Until(d => d.FindElements(By.CssSelector("#deliveries tbody tr")).Any(r => r.Text.Contains("failed", StringComparison.Ordinal)));
        Assert.Equal(true, ((IJavaScriptExecutor)driver).ExecuteScript("return window.notReloaded === true;"));
        var reason = (string?)((IJavaScriptExecutor)driver).ExecuteScript("return document.querySelector('#deliveries tbody tr td:nth-child(7)').textContent;");
        Assert.False(string.IsNullOrWhiteSpace(reason), "the failed delivery shows no reason");
        foreach (var value in TestStudy.IdentifyingValues)
        {
            Assert.DoesNotContain(value, driver.PageSource, StringComparison.Ordinal);
            Assert.DoesNotContain(value, driver.Url, StringComparison.Ordinal);
        }

        var artifactsFolder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifactsFolder);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(artifactsFolder, "dashboard-deliveries.png"));
        driver.Close();
        driver.SwitchTo().Window(jobsTab);

        // The result: image, segmentation overlay with pixels drawn, the heat-map picture loaded.
        // The page polls and redraws its table, so the link found can be replaced before the click lands (a stale
        // element): inside the wait, which ignores stale elements, it is found again and clicked until a click lands.
        wait.Until(d =>
        {
            d.FindElement(By.CssSelector("#jobs tbody tr a")).Click();
            return true;
        });
        wait.Until(d => d.Title.StartsWith("RadCnn: Job ", StringComparison.Ordinal));
        wait.Until(d => d.FindElement(By.Id("viewer")).GetAttribute("data-drawn") == "1");
        var overlayPixels = int.Parse(driver.FindElement(By.Id("overlay")).GetAttribute("data-overlay-pixels")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(overlayPixels, 100, 128 * 128 / 4);
        var (red, grey) = Pixels(driver);
        Assert.True(red > 100, $"the overlay canvas shows {red} red pixels");
        Assert.True(grey > 1000, $"the image canvas shows {grey} grey pixels");
        Assert.Contains("Tuberculosis", driver.FindElement(By.Id("findings")).Text, StringComparison.Ordinal);
        wait.Until(d => true.Equals(((IJavaScriptExecutor)d).ExecuteScript("var i = document.querySelector('img.result-picture'); return !!i && i.complete && i.naturalWidth > 0;")));

        // No identifying value in the page (title included) or the address.
        foreach (var value in TestStudy.IdentifyingValues)
        {
            Assert.DoesNotContain(value, driver.PageSource, StringComparison.Ordinal);
            Assert.DoesNotContain(value, driver.Url, StringComparison.Ordinal);
        }

        // ...nor in any log line the service wrote meanwhile.
        var logText = string.Join('\n', web.Logs.Lines);
        Assert.NotEmpty(web.Logs.Lines);
        foreach (var value in TestStudy.IdentifyingValues)
        {
            Assert.DoesNotContain(value, logText, StringComparison.Ordinal);
        }

        var screenshot = ((ITakesScreenshot)driver).GetScreenshot();
        var artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(artifacts);
        screenshot.SaveAsFile(Path.Combine(artifacts, "dashboard-result.png"));
        if (Environment.GetEnvironmentVariable("RADCNN_UPDATE_DOCS") == "1")
        {
            screenshot.SaveAsFile(Path.Combine(RepositoryPaths.Root, "docs", "web-dashboard-result.png"));
        }
    }

    private static (long Red, long Grey) Pixels(IWebDriver driver)
    {
        var counts = (IReadOnlyCollection<object>?)((IJavaScriptExecutor)driver).ExecuteScript("""
            function count(id, test) {
              var c = document.getElementById(id), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
              for (var i = 0; i < d.length; i += 4) { if (test(d[i], d[i + 1], d[i + 2], d[i + 3])) { n++; } }
              return n;
            }
            return [count('overlay', function (r, g, b, a) { return a > 0 && r > 200 && g < 100; }),
                    count('image', function (r, g, b, a) { return r === g && g === b && r > 0; })];
            """);
        var list = counts!.Select(Convert.ToInt64).ToList();
        return (list[0], list[1]);
    }

    private static ChromeDriver StartChromium()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Peers.Require("chromedriver", "chromium-driver"))!, "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Peers.Require("chromium", "chromium") };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1500", "--no-first-run", "--disable-extensions");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
    }

    /// <summary>A 128x128 digital radiograph (DX, for presentation) with the test study's identifying values.</summary>
    private static string Radiograph(string path)
    {
        var file = TestStudy.Build(TestStudy.NewUid(), TestStudy.NewUid(), TestStudy.NewUid(), "DX", 0, "CHEST", "PA chest", 128);
        file.Dataset.AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.1.1");
        // A chest-like picture: bright body, two darker lung fields, a soft gradient.
        var pixels = new ushort[128 * 128];
        for (var r = 0; r < 128; r++)
        {
            for (var c = 0; c < 128; c++)
            {
                static bool Lung(double r, double c, double cc) => Math.Pow((r - 62) / 42.0, 2) + Math.Pow((c - cc) / 22.0, 2) < 1;
                var value = 2600 - (Math.Abs(c - 64) * 6) + (r * 3);
                pixels[(r * 128) + c] = (ushort)Math.Clamp(Lung(r, c, 38) || Lung(r, c, 90) ? value - 1500 : value, 0, 4095);
            }
        }

        file.Dataset.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, pixels);
        file.Dataset.AddOrUpdate(DicomTag.WindowCenter, "1200");
        file.Dataset.AddOrUpdate(DicomTag.WindowWidth, "3000");
        file.Save(path);
        return path;
    }
}
