// The tests' SMTP server: nodemailer's smtp-server on 127.0.0.1, with TLS (STARTTLS required, or
// TLS on connect) and AUTH PLAIN/LOGIN against one user, writing each accepted message to
// OUT/N.eml and its envelope to OUT/N.json (written under a temporary name, then renamed, so a
// reader never sees half a message). Prints "ready PORT" once it listens. Arguments:
//   --port N --out DIR --cert FILE --key FILE --user NAME --password WORD [--secure]
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i].replace(/^--/, '');
  args[name] = name === 'secure' ? true : process.argv[++i];
}
let count = fs.readdirSync(args.out).filter(f => f.endsWith('.eml')).length;

const server = new SMTPServer({
  secure: !!args.secure,
  key: fs.readFileSync(args.key),
  cert: fs.readFileSync(args.cert),
  // STARTTLS is required before AUTH and mail on a plain port; never AUTH in clear.
  allowInsecureAuth: false,
  authMethods: ['PLAIN', 'LOGIN'],
  disabledCommands: [],
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === args.user && auth.password === args.password) {
      return callback(null, { user: auth.username });
    }
    return callback(new Error('535 5.7.8 Authentication failed'));
  },
  onMailFrom(address, session, callback) {
    if (!session.user) {
      return callback(Object.assign(new Error('530 5.7.0 Authentication required'), { responseCode: 530 }));
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', chunk => chunks.push(chunk));
    stream.on('end', () => {
      const n = String(++count).padStart(6, '0');
      const envelope = {
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map(r => r.address),
        user: session.user,
        secure: session.secure,
      };
      const eml = path.join(args.out, n + '.eml');
      fs.writeFileSync(eml + '.tmp', Buffer.concat(chunks));
      fs.writeFileSync(path.join(args.out, n + '.json'), JSON.stringify(envelope));
      fs.renameSync(eml + '.tmp', eml);
      callback();
    });
  },
});
server.on('error', err => console.error('smtp error: ' + err.message));
server.listen(Number(args.port), '127.0.0.1', () => console.log('ready ' + server.server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
