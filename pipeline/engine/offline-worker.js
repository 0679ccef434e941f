/* Search in an archived site opened from the file system (file://).
 *
 * Browsers refuse to start a Web Worker from a file:// page, and Material's search runs
 * in one. Material's offline plugin loads a shim for that from unpkg.com, which an
 * archive opened without network cannot reach; this one ships inside the archive. The
 * worker script runs in a hidden iframe; messages pass through window.postMessage, and
 * importScripts returns a Promise that Material's search worker awaits.
 */
(function () {
  if (location.protocol !== "file:") return;

  function workerScope() {
    window.postMessage = function (data) {
      parent.postMessage(data, "*");
    };
    window.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (loaded, url) {
        return loaded.then(function () {
          return new Promise(function (resolve) {
            var script = document.createElement("script");
            script.src = url;
            script.onload = function () { resolve(); };
            document.body.appendChild(script);
          });
        });
      }, Promise.resolve());
    };
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      document.body.appendChild(frame);
      this.frame = frame;
      var scope = frame.contentWindow;
      scope.document.open();
      scope.document.write(
        "<html><body><script>(" + workerScope + ")()<\/script>" +
        "<script src=\"" + String(url).replace(/"/g, "&quot;") + "\"><\/script></body></html>"
      );
      scope.document.close();
      this.ready = new Promise(function (resolve) { scope.onload = resolve; });
      var worker = this;
      window.addEventListener("message", function (event) {
        if (event.source !== frame.contentWindow) return;
        var copy = new MessageEvent("message", { data: event.data });
        worker.dispatchEvent(copy);
        if (worker.onmessage) worker.onmessage(copy);
      });
    }

    postMessage(data) {
      var frame = this.frame;
      this.ready.then(function () {
        frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: data }));
      });
    }

    terminate() {
      this.frame.remove();
    }
  }

  // Material's search worker finds its language files next to itself when this name exists
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
