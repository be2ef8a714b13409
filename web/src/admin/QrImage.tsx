import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code of `text`, drawn in the browser as a data URL (nothing leaves the page: the text is
 * a secret). `alt` says what scanning it does.
 */
export function QrImage({ text, alt, size = 240 }: { text: string; alt: string; size?: number }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let current = true;
    // A margin of four modules, the quiet zone cameras need around a dense code.
    void QRCode.toDataURL(text, { margin: 4, width: size, errorCorrectionLevel: 'M' }).then((url) => {
      if (current) setSrc(url);
    });
    return () => {
      current = false;
    };
  }, [text, size]);
  return src ? <img className="qr" src={src} alt={alt} width={size} height={size} /> : null;
}
