"""Messages of the image pipeline (issue 4)."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, tuple[str, str | None]]] = {
    "images/missing-alt": {
        "zh": (
            "图片“{target}”缺少图片说明（alt 文字）",
            "在方括号里写一句话说明图片内容，例如 ![展会现场的澜石科技展台](图片.jpg)；"
            '读屏软件和搜索引擎都要靠它。HTML 的 <img> 请加 alt="……"。',
        ),
        "en": (
            "image '{target}' has no text alternative (alt text)",
            "describe the picture between the brackets, e.g. ![Our booth at the expo](photo.jpg); "
            'screen readers and search engines rely on it. For HTML <img>, add alt="...".',
        ),
    },
    "images/unreferenced": {
        "zh": (
            "图片“{image}”没有被任何页面或文章使用，但仍会发布到网站上",
            "如果不再需要，请删除它；如果需要，请在文章里插入它或设为封面（cover）。",
        ),
        "en": (
            "image '{image}' is not used by any page or item, yet it is published",
            "delete it if it is no longer needed; otherwise insert it in an item or make it "
            "the cover.",
        ),
    },
    "images/corrupt": {
        "zh": (
            "图片“{image}”已损坏，无法读取[[（{reason}）]]",
            "用看图软件打开确认；从相机、手机或设计软件重新导出 JPEG 或 PNG，替换这个文件。",
        ),
        "en": (
            "image '{image}' is damaged and cannot be read[[ ({reason})]]",
            "open it in an image viewer to confirm; export it again as JPEG or PNG from the "
            "camera, phone or design tool and replace the file.",
        ),
    },
    "images/truncated": {
        "zh": (
            "图片“{image}”不完整（文件被截断，可能是没有传完或下载中断）",
            "重新从原始来源复制或导出一次这张图片，替换这个文件。",
        ),
        "en": (
            "image '{image}' is incomplete (the file is truncated: an interrupted copy or upload)",
            "copy or export the picture again from its original source and replace the file.",
        ),
    },
    "images/too-many-frames": {
        "zh": (
            "动图“{image}”有 {frames} 帧（{size}），超过了上限 {max_frames} 帧，不会处理",
            "请把动图剪短或做成视频链接；site_config/images.yml 的 max_frames 可调整上限。",
        ),
        "en": (
            "animation '{image}' has {frames} frames ({size}), over the limit of {max_frames}; "
            "it is not processed",
            "shorten it or link a video instead; max_frames in site_config/images.yml sets the "
            "limit.",
        ),
    },
    "images/animation-bomb": {
        "zh": (
            "动图“{image}”共 {frames} 帧、每帧 {size}，合计 {megapixels} 百万像素，"
            "超过了安全上限 {max_megapixels} 百万像素，不会处理",
            "这样的文件可能是恶意构造的“解压炸弹”；真实动图请缩小尺寸或减少帧数"
            "（site_config/images.yml 的 max_total_pixels 可调整上限）。",
        ),
        "en": (
            "animation '{image}' has {frames} frames of {size}, {megapixels} megapixels in "
            "all, over the safety limit of {max_megapixels} megapixels; it is not processed",
            "such a file may be a crafted decompression bomb; make a real animation smaller or "
            "shorter (max_total_pixels in site_config/images.yml sets the limit).",
        ),
    },
    "images/bomb": {
        "zh": (
            "图片“{image}”的像素太多[[（{size}）]]，超过了安全上限 {megapixels} 百万像素，不会处理",
            "这样的文件可能是恶意构造的“解压炸弹”；如果是真实照片，请先缩小到 4000 像素宽以内再加入"
            "（site_config/images.yml 的 max_pixels 可调整上限）。",
        ),
        "en": (
            "image '{image}' has too many pixels[[ ({size})]]: over the safety limit of "
            "{megapixels} megapixels, so it is not processed",
            "such a file may be a crafted decompression bomb; if it is a real photo, scale it "
            "to at most 4000 pixels wide first (max_pixels in site_config/images.yml sets the "
            "limit).",
        ),
    },
    "images/wrong-extension": {
        "zh": (
            "图片“{image}”的扩展名是 {suffix}，但文件实际是 {format} 格式",
            "把文件改名为扩展名 {expected}，并同步修改引用它的文章；或者重新导出为 {suffix} 格式。",
        ),
        "en": (
            "image '{image}' is named {suffix} but is really a {format} file",
            "rename it with the extension {expected} and update the items that use it, or "
            "export it again as {suffix}.",
        ),
    },
    "images/unsupported": {
        "zh": (
            "图片“{image}”是 {format} 格式，网站不支持这种格式",
            "请另存为 JPEG（照片）或 PNG（图表、截图）后使用；SVG、GIF、WebP、AVIF、HEIC 也可以。",
        ),
        "en": (
            "image '{image}' is in {format} format, which the site does not serve",
            "save it as JPEG (photos) or PNG (charts, screenshots); SVG, GIF, WebP, AVIF and "
            "HEIC work too.",
        ),
    },
    "images/svg-unsafe": {
        "zh": (
            "SVG 图片“{image}”含有不安全的内容（{reason}），不能发布",
            "SVG 里不能有脚本、事件属性（onclick 等）或外部链接。请在设计软件中导出为"
            "“纯 SVG / 优化的 SVG”，或者改用 PNG。",
        ),
        "en": (
            "SVG image '{image}' contains unsafe content ({reason}) and cannot be published",
            "an SVG must not carry scripts, event attributes (onclick, ...) or external "
            "references: export it as plain/optimized SVG from the design tool, or use PNG.",
        ),
    },
    "images/oversized": {
        "zh": (
            "图片“{image}”很大：{megabytes} MB，{size}（{megapixels} 百万像素）",
            "网站会自动缩小到最宽 {max_width} 像素，但仓库会越来越大、构建变慢。"
            "建议先缩小到 4000 像素宽以内、10 MB 以下再提交。",
        ),
        "en": (
            "image '{image}' is very large: {megabytes} MB, {size} ({megapixels} megapixels)",
            "the site scales it down to {max_width} pixels wide anyway, but the repository "
            "grows and builds slow down: scale it to at most 4000 pixels wide and under "
            "10 MB before committing.",
        ),
    },
    # --- site_config/images.yml ------------------------------------------------------
    "images/bad-setting": {
        "zh": (
            "site_config/images.yml 中“{key}”的值“{value}”不合适",
            "widths 是正整数列表（如 [480, 960, 1440, 1920]），formats 只能包含 webp、avif，"
            "max_width、max_pixels、workers 是整数，warn_megapixels、warn_megabytes 是正数，"
            "unreferenced 是 warning 或 ignore，sizes 是文字。",
        ),
        "en": (
            "'{key}' in site_config/images.yml has an unusable value '{value}'",
            "widths is a list of positive integers (e.g. [480, 960, 1440, 1920]); formats may "
            "hold webp and avif; max_width, max_pixels and workers are integers; "
            "warn_megapixels and warn_megabytes are positive numbers; unreferenced is warning "
            "or ignore; sizes is text.",
        ),
    },
    "images/bad-quality": {
        "zh": (
            "图片质量“{key}”应是 1 到 100 之间的整数，现在是“{value}”",
            "常用值：jpeg 82、webp 80、avif 60。",
        ),
        "en": (
            "image quality '{key}' must be an integer from 1 to 100, not '{value}'",
            "common values: jpeg 82, webp 80, avif 60.",
        ),
    },
}

UI: dict[str, dict[str, str]] = {
    "images.progress": {"zh": "处理图片", "en": "Processing images"},
    "images.summary": {
        "zh": "图片：{images} 张（新处理 {encoded} 张，沿用缓存 {reused} 张），"
        "原图 {before} → 网页 {after}，节省 {percent:.0f}%",
        "en": "Images: {images} ({encoded} encoded, {reused} from the cache), "
        "originals {before} → served {after}, {percent:.0f}% saved",
    },
}
