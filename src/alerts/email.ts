import nodemailer from 'nodemailer';
import type { Language } from '../access/actor.js';

/** One message to one recipient, as the notification service composes it. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  language: Language;
  /** Where a reply goes: a one-time address naming what it answers. */
  replyTo?: string | undefined;
  /** Names the notice in the message's headers, for whoever reads the server's mail log. */
  noticeId: string;
}

/** Sends e-mail; resolves when the server accepted it for every recipient. */
export interface Mailer {
  send(email: Email): Promise<void>;
  close(): void;
}

/**
 * A mailer over SMTP (`smtp://user:password@host:port`, or `smtps://`): nodemailer, one pooled
 * connection. A recipient the server refuses is a failure, so the delivery is retried.
 */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(email) {
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        headers: { 'Content-Language': email.language, 'X-JSMS-Notice': email.noticeId },
      });
      if (info.rejected.length > 0) throw new Error(`the SMTP server refused ${email.to}`);
    },
    close: () => transport.close(),
  };
}
