import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** Four modules of white around the code: the quiet zone scanners need. */
const margin = 4;

/**
 * A QR code of `text`, drawn in the browser as a PNG data URL (nothing leaves the page: the text
 * is a secret), at least `size` pixels wide. `alt` says what scanning it does.
 */
export function QrImage({ text, alt, size = 240 }: { text: string; alt: string; size?: number }) {
  const [image, setImage] = useState<{ src: string; width: number }>();
  useEffect(() => {
    let current = true;
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules.size + 2 * margin;
    // Whole pixels per module: a fractional scale blurs the edges of a long link's dense code
    // until a decoder misses it (jsQR did, at 2.8 pixels a module).
    const scale = Math.max(1, Math.ceil(size / modules));
    void QRCode.toDataURL(text, { margin, scale, errorCorrectionLevel: 'M' }).then((src) => {
      if (current) setImage({ src, width: modules * scale });
    });
    return () => {
      current = false;
    };
  }, [text, size]);
  return image ? (
    <img className="qr" src={image.src} alt={alt} width={image.width} height={image.width} />
  ) : null;
}
