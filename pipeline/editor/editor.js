/*
 * The pipeline's additions to Decap CMS at /admin/ (pipeline/editor/editor.js, copied
 * unchanged by every build; the publish gate holds admin/editor.js to this file).
 *
 * - the site's own stylesheets in the editor's preview (CMS.registerPreviewStyle);
 * - before an item is saved: an empty slug becomes the title in pinyin, as `pipeline new`
 *   makes it (the table of readings is editor-data.json, written by the build), and
 *   optional values left empty are dropped, so the file passes `pipeline check`;
 * - Markdown images need their alt text: the image button's form asks for it, and an item
 *   whose body has an image without one is not saved.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  if (!CMS) {
    return;
  }
  var data = { stylesheets: [], pinyin: {}, slugLength: 60, itemCollections: [], texts: {} };
  var table = {};
  var loaded = fetch("editor-data.json", { credentials: "same-origin" })
    .then(function (response) {
      return response.json();
    })
    .then(function (read) {
      data = read;
      Object.keys(read.pinyin).forEach(function (syllable) {
        Array.from(read.pinyin[syllable]).forEach(function (character) {
          table[character] = syllable;
        });
      });
      read.stylesheets.forEach(function (href) {
        CMS.registerPreviewStyle(href);
      });
      registerImage(read.texts);
      registerPreview(read.itemCollections);
    });

  function fold(text) {
    return text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
  }

  function slugify(title) {
    var words = [];
    var latin = "";
    function flush() {
      fold(latin).split(/[^a-z0-9]+/).forEach(function (word) {
        if (word) {
          words.push(word);
        }
      });
      latin = "";
    }
    Array.from(title).forEach(function (character) {
      var syllable = table[character];
      if (syllable) {
        flush();
        words.push(syllable);
      } else {
        latin += character;
      }
    });
    flush();
    var slug = "";
    for (var i = 0; i < words.length; i++) {
      var candidate = slug ? slug + "-" + words[i] : words[i];
      if (candidate.length > data.slugLength) {
        break;
      }
      slug = candidate;
    }
    return slug || (words.length ? words[0].slice(0, data.slugLength) : "");
  }

  function isEmpty(value) {
    return value === "" || value === null || value === undefined;
  }

  // optional values left empty are left out (an object whose values are all empty too)
  function cleaned(values) {
    return values
      .map(function (value) {
        return value && typeof value.filter === "function" && typeof value.get === "function" &&
          !Array.isArray(value) && typeof value.keySeq === "function"
          ? cleaned(value)
          : value;
      })
      .filter(function (value) {
        if (isEmpty(value)) {
          return false;
        }
        return !(value && typeof value.keySeq === "function" && value.size === 0);
      });
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return loaded.then(function () {
        var entry = event.entry;
        var values = cleaned(entry.get("data"));
        var body = String(values.get("body") || "");
        if (/!\[\s*\]\(/.test(body)) {
          throw new Error(data.texts.altMissing); // an image without its alt text
        }
        var isItem = data.itemCollections.indexOf(entry.get("collection")) >= 0;
        if (isItem && isEmpty(values.get("slug")) && values.get("title")) {
          values = values.set("slug", slugify(String(values.get("title"))));
        }
        return values;
      });
    },
  });

  // an item previewed in the site's own page structure, so the site's stylesheets apply
  function registerPreview(collections) {
    var h = window.h;
    var createClass = window.createClass;
    if (!h || !createClass) {
      return;
    }
    var Preview = createClass({
      render: function () {
        var values = this.props.entry.get("data");
        return h(
          "div",
          { className: "md-container" },
          h(
            "main",
            { className: "md-main" },
            h(
              "div",
              { className: "md-main__inner md-grid" },
              h(
                "div",
                { className: "md-content" },
                h(
                  "article",
                  { className: "md-content__inner md-typeset" },
                  h("h1", null, values.get("title") || ""),
                  h("p", null, h("em", null, values.get("summary") || "")),
                  this.props.widgetFor("body")
                )
              )
            )
          )
        );
      },
    });
    collections.forEach(function (name) {
      CMS.registerPreviewTemplate(name, Preview);
    });
  }

  function registerImage(texts) {
    var pattern = /^!\[([^\]]*)\]\(([^)\s]*)(?:\s+"([^"]*)")?\)$/;
    CMS.registerEditorComponent({
      id: "image",
      label: texts.image,
      fields: [
        { name: "image", label: texts.image, widget: "image", choose_url: false },
        { name: "alt", label: texts.alt, widget: "string", required: true, hint: texts.altHint },
      ],
      pattern: pattern,
      fromBlock: function (match) {
        return { image: match[2], alt: match[1] };
      },
      toBlock: function (values) {
        var alt = (values.alt || "").replace(/[\[\]]/g, "");
        return "![" + alt + "](" + (values.image || "") + ")";
      },
      toPreview: function (values, getAsset) {
        var image = document.createElement("img");
        image.alt = values.alt || "";
        var asset = getAsset ? getAsset(values.image) : null;
        image.src = asset ? String(asset) : values.image || "";
        return image.outerHTML;
      },
    });
  }
})();
